using Proto;
using Sworm.Testing;
using Xunit;
using Sworm.Testing.Fixtures;

namespace Sworm.Cluster.Tests.Registry;

/// <summary>The directory rule: a sworm's processes live only on members that run it.</summary>
public sealed class DirectoryTests
{
    [Fact]
    public async Task Stopping_one_of_two_members_leaves_one_node()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        Assert.Equal(2, (await cluster[0].Sworm<ClusterProcesses>().Nodes()).Count);

        await cluster.StopMember(cluster[1]);

        await Eventually.Until(async () => (await cluster[0].Sworm<ClusterProcesses>().Nodes()).Count == 1, "Nodes() to shrink to 1");
    }

    [Fact]
    public async Task A_sworm_added_only_on_one_member_never_places_processes_elsewhere()
    {
        await using var cluster = await TestCluster.Start(1, s => s.AddSworm<ClusterProcesses>().AddSworm<OnlyOnSome>());
        var other = await cluster.AddMember(s => s.AddSworm<ClusterProcesses>());
        await cluster.WaitUntilConverged();
        var onlyOnSome = cluster[0].Sworm<OnlyOnSome>();

        Assert.Equal([cluster[0].Address], await onlyOnSome.Nodes());
        for (var i = 0; i < 20; i++)
        {
            var name = "only-" + i + "-" + Guid.NewGuid().ToString("N")[..6];
            var pid = (await onlyOnSome.RegisterName(name, PlacedWorker.Spec(name))).Pid;
            Assert.Equal(cluster[0].Address, pid.Address);
        }

        Assert.NotEqual(cluster[0].Address, other.Address);
    }

    [Fact]
    public async Task A_member_whose_seeds_do_not_answer_fails_to_start_instead_of_running_alone()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var member = await TestMember.Start(s => s.AddSworm<ClusterProcesses>(), start: false,
            configureCluster: c => c.UseSeedNodes("127.0.0.1:1"));

        var error = await Assert.ThrowsAsync<SwormUnavailableException>(() => member.Host.StartAsync());

        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"start failed only after {clock.Elapsed}");
    }
}
