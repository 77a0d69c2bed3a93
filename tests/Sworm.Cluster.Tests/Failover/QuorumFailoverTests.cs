using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Failover;

/// <summary>
/// A static quorum (CP) never costs a name: a member that drops below its quorum stops its workers, and once the
/// quorum is back every name runs again, the ones it stopped included, even though no other member ever removed it.
/// (The partition scenarios cover the other case: the quorum side removes the minority and restores its names.)
/// </summary>
public sealed class QuorumFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_member_below_quorum_stops_its_workers_and_runs_every_name_again_when_the_quorum_is_back()
    {
        var liveBefore = LiveWorkers.Live;
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>(), c => c.WithStaticQuorum(2));
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var names = Enumerable.Range(0, 40).Select(i => $"quorum-back-{i}-{Guid.NewGuid():N}").ToArray();
        var placed = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var result = await processes.RegisterName(name, PlacedWorker.Spec(name));
            Assert.Equal(RegisterStatus.Started, result.Status);
            placed[name] = result.Pid.Address;
        }

        var survivor = cluster[0].Address;
        Assert.Contains(placed.Values, address => address == survivor); // the survivor has names of its own to stop
        Assert.Contains(placed.Values, address => address != survivor);

        // The other member leaves: the survivor alone is below the quorum of 2.
        await cluster.StopMember(cluster[1]);
        await Eventually.Until(() => LiveWorkers.Live - liveBefore == 0, TimeSpan.FromSeconds(20), "the member below quorum to stop its workers",
            () => $"{LiveWorkers.Live - liveBefore} live workers");
        await Assert.ThrowsAsync<SwormUnavailableException>(() => processes.RegisterName("quorum-back-refused", PlacedWorker.Spec("quorum-back-refused")));

        // Unregistering still works below quorum, and what is unregistered stays gone: one name this member stopped,
        // one of the member that left (both wait for the quorum as specs, neither runs).
        var unregistered = new[] { names.First(n => placed[n] == survivor), names.First(n => placed[n] != survivor) };
        foreach (var name in unregistered)
        {
            await processes.UnregisterName(name);
        }

        // A new member joins: back at quorum, every other name runs again, once.
        var joiner = await cluster.AddMember();
        var members = new HashSet<string>([survivor, joiner.Address]);
        var kept = names.Except(unregistered).ToArray();
        var took = await processes.AllRunningOn(kept, members, "every name to run again once the quorum is back", TimeSpan.FromSeconds(30));
        output.WriteLine($"all {kept.Length} names running {took.TotalMilliseconds:0} ms after the joiner started");
        await Eventually.Until(() => LiveWorkers.Live - liveBefore == kept.Length, TimeSpan.FromSeconds(10), "exactly one live worker per name",
            () => $"{LiveWorkers.Live - liveBefore} live workers for {kept.Length} names");
        await Eventually.Holds(() => LiveWorkers.Live - liveBefore == kept.Length, TimeSpan.FromSeconds(2), "one live worker per name, none for the unregistered names");
        foreach (var name in unregistered)
        {
            Assert.Null(await processes.WhereIsName(name));
            Assert.Null(await joiner.Sworm<ClusterProcesses>().WhereIsName(name));
        }
    }
}
