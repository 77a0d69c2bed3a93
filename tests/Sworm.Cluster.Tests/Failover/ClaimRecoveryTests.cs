using Proto;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Failover;

/// <summary>A pid-registered name lives as long as its process, wherever its delegate happened to run.</summary>
public sealed class ClaimRecoveryTests
{
    [Fact]
    public async Task Names_of_a_live_process_survive_the_loss_of_the_member_that_ran_their_delegates()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var owner = cluster[0].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        var names = Enumerable.Range(0, 24).Select(i => $"claim-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            Assert.True(await processes.RegisterName(name, owner));
        }

        // Delegates are spread over the members; the third member's go with it.
        await cluster.StopMember(cluster[2]);
        await Eventually.Until(async () => (await processes.Nodes()).Count == 2, "the cluster to shrink to two members");

        var intruder = cluster[1].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        var others = cluster[1].Sworm<ClusterProcesses>();
        foreach (var name in names)
        {
            Assert.False(await others.RegisterName(name, intruder), $"'{name}' was given to another process");
            Assert.Equal(owner, await others.WhereIsName(name));
        }

        // The claims are still released when the process stops.
        await cluster[0].System.Root.StopAsync(owner);
        await Eventually.Until(async () => (await others.Registered()).Count == 0, "every name of the stopped process to vanish");
        Assert.True(await others.RegisterName(names[0], intruder));
    }

    [Fact]
    public async Task A_name_unregistered_before_its_delegate_was_lost_is_not_brought_back()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var owner = cluster[0].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        var names = Enumerable.Range(0, 10).Select(i => $"gone-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            Assert.True(await processes.RegisterName(name, owner));
            Assert.True(await processes.UnregisterName(name));
        }

        var intruder = cluster[1].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        foreach (var name in names)
        {
            Assert.True(await cluster[1].Sworm<ClusterProcesses>().RegisterName(name, intruder));
        }
    }
}
