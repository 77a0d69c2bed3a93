using Proto;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Registry;

/// <summary>
/// Where a name's delegate lives (<c>Supervision/Placement</c>): a new name at its rendezvous owner, an existing one
/// with its worker. A member that joins becomes the owner of some names that already run elsewhere: they must not
/// move, start twice, or answer with stale state through the new owner.
/// </summary>
public sealed class PlacementTests
{
    [Fact]
    public async Task Names_registered_before_a_member_joins_stay_with_their_workers_and_are_served_through_the_joiner()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var names = Enumerable.Range(0, 150).Select(i => $"placed-{i}-{Guid.NewGuid():N}").ToArray();
        var pids = new Dictionary<string, PID>();
        foreach (var name in names)
        {
            pids[name] = (await processes.RegisterName(name, PlacedWorker.Spec(name))).Pid;
        }

        var joiner = await cluster.AddMember(s => s.AddSworm<ClusterProcesses>());
        await cluster.WaitUntilConverged();
        var fromJoiner = joiner.Sworm<ClusterProcesses>();

        // Registering again anywhere finds the running worker; nothing starts twice and nothing moved to the joiner.
        foreach (var member in cluster.Members)
        {
            foreach (var name in names)
            {
                var again = await member.Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
                Assert.Equal(RegisterStatus.AlreadyStarted, again.Status);
                Assert.Equal(pids[name], again.Pid);
            }
        }

        Assert.All(names, name => Assert.Equal(1, ClusterConstructions.Of(name)));

        // Unregistering through the joiner stops each worker where it runs; a new registration then starts one.
        foreach (var name in names)
        {
            Assert.True(await fromJoiner.UnregisterName(name));
        }

        await Eventually.Until(async () => (await processes.Registered()).Count == 0, "every name to be gone on the first member");
        foreach (var name in names.Take(20))
        {
            Assert.Equal(RegisterStatus.Started, (await fromJoiner.RegisterName(name, PlacedWorker.Spec(name))).Status);
            Assert.Equal(2, ClusterConstructions.Of(name));
        }
    }

    [Fact]
    public async Task A_claim_released_through_a_new_owner_is_not_held_by_the_old_one_when_the_owner_leaves_again()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var holder = cluster[0].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        var names = Enumerable.Range(0, 60).Select(i => $"claimed-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            Assert.True(await processes.RegisterName(name, holder));
        }

        // The joiner owns some of the names now: it adopts their claims and releases them.
        var joiner = await cluster.AddMember(s => s.AddSworm<ClusterProcesses>());
        await cluster.WaitUntilConverged();
        foreach (var name in names)
        {
            Assert.True(await joiner.Sworm<ClusterProcesses>().UnregisterName(name));
        }

        await Eventually.Until(async () => (await processes.Registered()).Count == 0, "every claim to be released on the first member");

        // The joiner leaves: the first two members own every name again, and none may still think it holds a claim.
        await cluster.StopMember(joiner);
        await Eventually.Until(async () => (await processes.Nodes()).Count == 2, "the cluster to shrink to two members");
        var other = cluster[1].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        foreach (var name in names)
        {
            Assert.True(await cluster[1].Sworm<ClusterProcesses>().RegisterName(name, other), $"'{name}' was still held");
            Assert.Equal(other, await cluster[1].Sworm<ClusterProcesses>().WhereIsName(name));
        }
    }
}
