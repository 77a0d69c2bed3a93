using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Sworm.ConsulSimulator;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>
/// Sworm members (hosts with AddSworm) that find each other through Consul with <c>UseConsul(...)</c>, against the
/// Consul agent SIMULATOR (tests/Sworm.ConsulSimulator: no Consul binary can run here). Issue scenarios 1–3 at the
/// Sworm level: the cluster forms, names replicate, a kill -9 is detected by Sworm's own detector in about a second and
/// its supervised workers restart elsewhere, a graceful leave deregisters at once.
/// </summary>
public sealed class SwormOnConsulTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ConsulAgentSimulator _consul = null!;

    public async Task InitializeAsync() =>
        _consul = await ConsulAgentSimulator.StartNewAsync(new ConsulSimulatorOptions
        {
            ReapInterval = TimeSpan.FromMilliseconds(250),
            MinimumDeregisterCriticalServiceAfter = TimeSpan.Zero,
        });

    public async Task DisposeAsync() => await _consul.DisposeAsync();

    private void UseConsul(SwormClusterBuilder cluster) =>
        cluster.UseConsul(_consul.Address, o =>
        {
            o.Ttl = TimeSpan.FromSeconds(3);
            o.RefreshInterval = TimeSpan.FromSeconds(1);
            o.BlockingWait = TimeSpan.FromSeconds(2);
            o.DeregisterCriticalServiceAfter = TimeSpan.FromSeconds(2);
        });

    [Fact]
    public async Task Three_members_form_a_cluster_through_consul_and_registrations_replicate()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>(), UseConsul);
        foreach (var member in cluster.Members)
        {
            await Eventually.Until(async () => (await member.Sworm<ClusterProcesses>().Nodes()).Count == 3, $"{member.Address} to see 3 nodes");
        }

        var names = Enumerable.Range(0, 30).Select(i => $"consul-{Guid.NewGuid():N}"[..20] + i).ToArray();
        foreach (var name in names)
        {
            await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
        }

        foreach (var member in cluster.Members)
        {
            await Eventually.Until(async () => names.All((await member.Sworm<ClusterProcesses>().Registered()).Select(r => r.Name).ToHashSet().Contains),
                $"{member.Address} to see every name");
        }

        Assert.Equal(3, _consul.Services().Count(s => s.Name == cluster.Name));
    }

    [Fact]
    public async Task A_killed_member_is_removed_in_about_a_second_and_its_workers_restart_while_consul_still_lists_it()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>(), UseConsul);
        await using var victim = await MemberProcess.StartWithConsul(cluster.Name, _consul.Address);
        var processes = cluster[0].Sworm<ClusterProcesses>();
        await Eventually.Until(async () => (await processes.Nodes()).Count == 3, "the member process to join through Consul");

        var onVictim = new List<string>();
        for (var i = 0; onVictim.Count < 10 && i < 300; i++)
        {
            var name = $"victim-{Guid.NewGuid():N}";
            var result = await processes.RegisterName(name, PlacedWorker.Spec(name));
            if (result.Pid.Address == victim.Address)
            {
                onVictim.Add(name);
            }
        }

        Assert.NotEmpty(onVictim);
        var clock = Stopwatch.StartNew();
        victim.Kill();
        await Eventually.Until(async () => (await processes.Nodes()).Count == 2, "Sworm's detector to remove the killed member", TimeSpan.FromSeconds(10));
        var detected = clock.Elapsed;
        var listedAtDetection = _consul.Services().Any(s => s.Name == cluster.Name && s.Address + ":" + s.Port == victim.Address);
        await processes.AllRunningOn(onVictim, cluster.Members.Select(m => m.Address).ToHashSet(), "the killed member's names to run on survivors");
        output.WriteLine($"kill -9: removed by Sworm's detector after {detected.TotalMilliseconds:0} ms (Consul still listed it: {listedAtDetection}); " +
                         $"{onVictim.Count} names answering elsewhere after {clock.ElapsedMilliseconds} ms");
        Assert.True(detected < TimeSpan.FromSeconds(3), $"detection took {detected.TotalMilliseconds:0} ms; the TTL (3 s) must not be what detects a crash");

        // Consul itself turns the check critical after the TTL and reaps the instance after DeregisterCriticalServiceAfter.
        await Eventually.Until(() => !_consul.Services().Any(s => s.Name == cluster.Name && s.Address + ":" + s.Port == victim.Address),
            "Consul to deregister the critical instance", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_graceful_leave_deregisters_at_once()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>(), UseConsul);
        var leaving = cluster[2];
        var id = leaving.System.Id;
        Assert.Equal(3, _consul.Services().Count(s => s.Name == cluster.Name));

        await cluster.StopMember(leaving);

        Assert.Equal(2, _consul.Services().Count(s => s.Name == cluster.Name));
        await Eventually.Until(async () => (await cluster[0].Sworm<ClusterProcesses>().Nodes()).Count == 2, "the others to drop the leaver");

        // A leave, not a crash, on a member that heard it from the leaver's own gossip ("Gracefully left"); one that
        // hears it second hand first ("Blocked via gossip") cannot tell, with Consul.
        ISwormMonitor Monitor(TestMember member) => member.Services.GetRequiredService<ISwormMonitor>();
        await Eventually.Until(() => cluster.Members.Any(m => Monitor(m).RecentEvents().Any(e => e is MemberLeft l && l.MemberId == id)),
            "a remaining member to report the graceful leave as MemberLeft");
    }
}
