using Sworm.Cluster.Tests.Infrastructure;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Registry;

/// <summary>
/// Acknowledgement-clocked batching of registry deltas (Registry/RegistryActor.SpecCopies.cs, <c>HoldsFlush</c>): while
/// the copies of a sent delta wait for a peer's acknowledgement, a member's next changes gather into one delta. Each
/// delta a member applies is one measurement of its <c>sworm.replication.delay</c> histogram, so the test counts them.
/// </summary>
public sealed class DeltaBatchingTests(ITestOutputHelper output)
{
    private const int Names = 1_000;

    [Fact]
    public async Task Registrations_made_while_a_copy_awaits_its_acknowledgement_travel_in_few_deltas_and_all_arrive()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var warmUp = $"warm-up-{Guid.NewGuid():N}";
        Assert.Equal(RegisterStatus.Started, (await processes.RegisterName(warmUp, PlacedWorker.Spec(warmUp))).Status);
        using var applied0 = MemberMetrics.Of(cluster[0]);
        using var applied1 = MemberMetrics.Of(cluster[1]);

        var prefix = $"batch-{Guid.NewGuid():N}";
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Names; i = Interlocked.Increment(ref next))
            {
                var name = $"{prefix}-{i}";
                Assert.Equal(RegisterStatus.Started, (await processes.RegisterName(name, PlacedWorker.Spec(name))).Status);
            }
        })).WaitAsync(TimeSpan.FromSeconds(60));

        // Every name reaches the other member: nothing held back stays behind.
        var other = cluster[1].Sworm<ClusterProcesses>();
        await Eventually.Until(async () => (await other.Registered()).Count(r => r.Name.StartsWith(prefix, StringComparison.Ordinal)) == Names,
            "member 1 to hold every name");
        var deltas = Deltas(applied0) + Deltas(applied1);
        output.WriteLine($"{Names} registrations (names placed on both members) travelled in {deltas} deltas");
        // One delta per turn of the registry's mailbox carried about 2.7 new names at 64 in flight (bench newname);
        // clocked by acknowledgements, about 14.
        Assert.True(deltas <= Names / 5, $"{Names} registrations travelled in {deltas} deltas");
    }

    private static int Deltas(MetricsReader reader) =>
        reader.Values(SwormInstrumentNames.ReplicationDelay, (SwormInstrumentNames.SwormTag, nameof(ClusterProcesses))).Count;
}
