using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Churn;

/// <summary>Repeated work that changes nothing must leave nothing behind (Horde #200 grew 193 MB this way).</summary>
public sealed class ChurnTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_hundred_thousand_AlreadyStarted_attempts_leave_memory_flat()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var names = Enumerable.Range(0, 100).Select(i => $"churn-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
        }

        await Attempts(cluster, names, 10_000); // warm-up: caches, pools and JIT reach their steady size
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        await Attempts(cluster, names, 100_000);
        var elapsed = clock.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var growth = after - before;
        output.WriteLine($"100,000 AlreadyStarted attempts on 3 members in {elapsed.TotalSeconds:0.0} s ({100_000 / elapsed.TotalSeconds:0} /s); " +
                         $"managed heap {before / 1024 / 1024.0:0.0} MB -> {after / 1024 / 1024.0:0.0} MB ({growth / 1024.0:0} KB)");
        Assert.True(growth < 8 * 1024 * 1024, $"the heap grew by {growth / 1024} KB over 100,000 attempts that changed nothing");
        foreach (var name in names)
        {
            Assert.Single(await cluster[2].Sworm<ClusterProcesses>().Registered(), r => r.Name == name);
        }
    }

    /// <summary>
    /// The joiners are separate OS processes, as in production, so the heap measured here is the stable members'.
    /// (In one process, Proto.Cluster 1.8.0 itself keeps every shut-down member's ActorSystem reachable, about
    /// 0.7 MB each, which would hide what Sworm does.)
    /// </summary>
    [Fact]
    public async Task Join_and_leave_cycles_lose_nothing_and_leave_memory_flat()
    {
        // CI runs 20 cycles, one joiner at a time (about 2.5 s each). The 100 cycles:
        // SWORM_CHURN_CYCLES=100; several joiners joining and leaving together: SWORM_CHURN_JOINERS=4.
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("SWORM_CHURN_CYCLES"), out var n) ? n : 20;
        var joinersPerRound = int.TryParse(Environment.GetEnvironmentVariable("SWORM_CHURN_JOINERS"), out var j) ? j : 1;
        const int StableNames = 200;
        const int NamesPerCycle = 5;
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var stable = cluster.Members.ToArray();
        var stableAddresses = stable.Select(m => m.Address).ToHashSet();
        var processes = stable[0].Sworm<ClusterProcesses>();
        var names = Enumerable.Range(0, StableNames).Select(i => $"stable-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            await processes.RegisterName(name, PlacedWorker.Spec(name));
        }

        var rounds = cycles / joinersPerRound;
        const int WarmRounds = 3;
        long heapAtWarm = 0;
        var actorsAtWarm = 0;
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= rounds; round++)
        {
            var joiners = await Task.WhenAll(Enumerable.Range(0, joinersPerRound).Select(_ => MemberProcess.Start(cluster.Name, stable[0].Address)));
            try
            {
                // Once started, each newcomer sees the whole registry; it registers names, some land on it.
                var counts = await Task.WhenAll(joiners.Select(joiner => joiner.Ask("count", "COUNT")));
                Assert.All(counts, count => Assert.Equal($"COUNT {StableNames}", count));
                var added = await Task.WhenAll(joiners.Select(async (joiner, j) =>
                {
                    var mine = Enumerable.Range(0, NamesPerCycle).Select(i => $"round-{round}-{j}-{i}-{Guid.NewGuid():N}").ToArray();
                    foreach (var name in mine)
                    {
                        Assert.StartsWith("REGISTERED Started", await joiner.Ask($"register {name} {name}", "REGISTERED"));
                    }

                    return mine;
                }));

                // Leave: whatever they ran moves to the stable members; then the round's names are removed again.
                await Task.WhenAll(joiners.Select(joiner => joiner.Ask("leave", "LEFT")));
                await processes.AllRunningOn(names.Concat(added.SelectMany(a => a)).ToArray(), stableAddresses,
                    $"round {round}: every name to run on the stable members", Eventually.DefaultTimeout);
                foreach (var name in added.SelectMany(a => a))
                {
                    Assert.True(await processes.UnregisterName(name));
                }
            }
            catch
            {
                foreach (var joiner in joiners)
                {
                    output.WriteLine($"--- member process {joiner.Address} ---{Environment.NewLine}{joiner.Output}");
                }

                throw;
            }
            finally
            {
                foreach (var joiner in joiners)
                {
                    await joiner.DisposeAsync();
                }
            }

            await Eventually.Until(async () => (await stable[1].Sworm<ClusterProcesses>().Registered()).Count == StableNames,
                $"round {round}: the removed names to leave every replica");
            Assert.Equal(2, (await processes.Nodes()).Count);

            if (round == Math.Min(WarmRounds, rounds))
            {
                // Caches, pools and JIT reach their steady size during the first rounds.
                heapAtWarm = GC.GetTotalMemory(forceFullCollection: true);
                actorsAtWarm = ActorCount(stable);
            }
        }

        var elapsed = clock.Elapsed;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var growth = heapAfter - heapAtWarm;
        output.WriteLine($"{rounds * joinersPerRound} join/leave cycles ({joinersPerRound} member processes at a time) in {elapsed.TotalSeconds:0.0} s; " +
                         $"managed heap after round {WarmRounds}: {heapAtWarm / 1024 / 1024.0:0.0} MB, after round {rounds}: {heapAfter / 1024 / 1024.0:0.0} MB ({growth / 1024.0:0} KB); " +
                         $"actors on the stable members {actorsAtWarm} -> {ActorCount(stable)}");
        Assert.True(growth < 4 * 1024 * 1024, $"the heap grew by {growth / 1024} KB over {(rounds - WarmRounds) * joinersPerRound} join/leave cycles that changed nothing");
        await Eventually.Until(() => ActorCount(stable) <= actorsAtWarm, "the stable members to hold no more actors than after the warm-up cycles");
        Assert.Equal(StableNames, (await processes.Registered()).Count);
    }

    private static int ActorCount(IEnumerable<TestMember> members) => members.Sum(m => m.System.ProcessRegistry.ProcessCount);

    private static async Task Attempts(TestCluster cluster, string[] names, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var name = names[i % names.Length];
                var result = await cluster[i % 3].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
                Assert.Equal(RegisterStatus.AlreadyStarted, result.Status);
            }
        }));
    }
}
