using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Partitions;

/// <summary>
/// Issue 16 scenario 5: Proto's identity lookup can activate a name twice while the topology changes. Whatever the
/// cause, a name published by two live members is a conflict that the loser's member resolves within seconds
/// (docs/partitions.md, "Name conflicts"). Counted on live workers (constructed and not stopped), not registry entries.
/// </summary>
public sealed class DuplicateActivationTests(ITestOutputHelper output)
{
    // Conflicts are checked every second, and the loser's delegate stops its worker at once; topology hand-overs
    // settle within a few seconds more.
    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Members_that_start_and_stop_while_names_register_leave_one_live_worker_per_name()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("SWORM_DUPLICATE_NAMES"), out var n) ? n : 5000;
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var liveBefore = LiveWorkers.Live;
        var constructedBefore = LiveWorkers.Constructed;
        var names = Enumerable.Range(0, count).Select(i => $"dup-{i}-{Guid.NewGuid():N}").ToArray();
        var client = cluster[0].Sworm<ClusterProcesses>();

        var registering = Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (name, _) =>
        {
            // A call that meets the churn may time out or find the member unavailable: retried, RegisterName is idempotent.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await client.RegisterName(name, PlacedWorker.Spec(name));
                    return;
                }
                catch (Exception e) when (e is SwormException or TimeoutException && attempt < 10)
                {
                }
            }
        });

        // Churn for as long as the names register: a member joins, then the oldest member but the seed leaves.
        var churn = 0;
        while (!registering.IsCompleted || churn < 2)
        {
            await cluster.AddMember();
            await cluster.StopMember(cluster[1]);
            churn++;
        }

        await registering;
        var churnEnded = Stopwatch.StartNew();
        output.WriteLine($"registered {count} names across {churn} join/leave cycles; {LiveWorkers.Live - liveBefore} live workers right after, " +
                         $"{LiveWorkers.Constructed - constructedBefore} constructed");

        var last = "";
        await Eventually.Until(async () =>
        {
            var live = LiveWorkers.Live - liveBefore;
            var registries = await Task.WhenAll(cluster.Members.Select(m => m.Sworm<ClusterProcesses>().Registered()));
            var missing = names.Except(registries[0].Select(r => r.Name)).Take(5);
            last = $"{live} live workers; registries: {string.Join(", ", registries.Select(r => r.Count))}; missing from the first, e.g.: {string.Join(", ", missing)}";
            return live == count && registries.All(r => r.Count == count && r.Select(x => x.Name).Distinct().Count() == count);
        }, DetectionBound, "exactly one live worker per name and every registry complete", () => last);
        output.WriteLine($"one live worker per name {churnEnded.ElapsedMilliseconds} ms after the churn ended ({last}); " +
                         $"{LiveWorkers.Constructed - constructedBefore} constructed in all");
    }
}
