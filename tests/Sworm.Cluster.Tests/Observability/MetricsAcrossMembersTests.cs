using Microsoft.Extensions.DependencyInjection;
using Proto;
using Sworm.Cluster.Tests.Infrastructure;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using static Sworm.SwormInstrumentNames;

namespace Sworm.Cluster.Tests.Observability;

/// <summary>Counts and events that involve several members: replication delay, failover restores, membership events.</summary>
public sealed class MetricsAcrossMembersTests
{
    private static readonly (string, object) Processes = (SwormTag, nameof(ClusterProcesses));

    [Fact]
    public async Task A_change_replicated_to_another_member_records_its_delay_there()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        using var first = MemberMetrics.Of(cluster[0]);
        using var second = MemberMetrics.Of(cluster[1]);
        var name = "replicated-" + Guid.NewGuid().ToString("N")[..10];
        var pid = (await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name))).Pid;

        // The member that runs the worker publishes the name; the other one receives the change.
        var receiver = pid.Address == cluster[0].Address ? second : first;
        await Eventually.Until(() => receiver.Values(ReplicationDelay, Processes).Count > 0, "the receiving member to record a replication delay");
        Assert.All(receiver.Values(ReplicationDelay, Processes), seconds => Assert.InRange(seconds, 0, 5));
    }

    [Fact]
    public async Task Killing_a_member_counts_one_failover_per_lost_name_across_the_survivors()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>().AddSworm<TemporaryClusterProcesses>());
        var readers = cluster.Members.Select(MemberMetrics.Of).ToArray();
        try
        {
            await using var victim = await MemberProcess.Start(cluster.Name, cluster[0].Address);
            var processes = cluster[0].Sworm<ClusterProcesses>();
            await Eventually.Until(async () => (await processes.Nodes()).Count == 3, "the member process to join");
            var names = Enumerable.Range(0, 60).Select(i => $"failover-{i}-{Guid.NewGuid():N}").ToArray();
            var placed = new List<(string Name, PID Pid)>();
            foreach (var name in names)
            {
                placed.Add((name, (await processes.RegisterName(name, PlacedWorker.Spec(name))).Pid));
            }

            var lost = placed.Where(p => p.Pid.Address == victim.Address).Select(p => p.Name).ToHashSet();
            Assert.NotEmpty(lost);
            Assert.Equal(names.Length, readers.Sum(r => r.Sum(Registrations, Processes, (OutcomeTag, "started"))));

            victim.Kill();
            var survivors = cluster.Members.Select(m => m.Address).ToHashSet();
            await processes.AllRunningOn(names, survivors, "every name to run on a survivor", TimeSpan.FromSeconds(30));

            await Eventually.Until(() => readers.Sum(r => r.Sum(Failovers, Processes)) >= lost.Count, $"{lost.Count} failovers to be counted");
            Assert.Equal(lost.Count, readers.Sum(r => r.Sum(Failovers, Processes)));
            var restored = cluster.Members.SelectMany(m => Monitor(m).RecentEvents().OfType<NameRestored>()).ToArray();
            Assert.Equal(lost.Order(), restored.Select(e => e.Name).Order());
            Assert.All(restored, e => Assert.Equal(victim.Id, e.LostMemberId));

            // The survivors saw the victim join, then removed it as failed (not a graceful leave).
            foreach (var member in cluster.Members)
            {
                var events = Monitor(member).RecentEvents();
                Assert.Contains(events, e => e is MemberJoined j && j.MemberId == victim.Id);
                Assert.Contains(events, e => e is MemberRemoved r && r.MemberId == victim.Id);
                Assert.DoesNotContain(events, e => e is MemberLeft l && l.MemberId == victim.Id);
            }

            Assert.All(readers, r => Assert.Equal(2, r.Gauge(Members, Processes)));
            Assert.Equal(names.Length, readers.Sum(r => r.Gauge(Names, Processes) ?? 0));
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_graceful_stop_is_a_member_left_event_on_the_others_and_the_status_follows()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var leaving = cluster[2];
        var id = leaving.System.Id;
        var names = Enumerable.Range(0, 30).Select(i => $"status-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
        }

        await Eventually.Until(() => Monitor(cluster[1]).Status().Sworms.Single().Names == names.Length, "every name in member 1's status");
        var status = Monitor(cluster[1]).Status();
        Assert.Equal(SwormMemberState.Running, status.State);
        Assert.Equal(3, status.ClusterMembers.Count);
        var sworm = status.Sworms.Single();
        Assert.Equal(nameof(ClusterProcesses), sworm.Name);
        Assert.Equal(names.Length, sworm.NamesPerMember.Values.Sum());

        await cluster.StopMember(leaving);

        foreach (var member in cluster.Members)
        {
            // On failure, what this member saw of the leaver instead (a MemberRemoved says it missed the leave notice).
            await Eventually.Until(() => Monitor(member).RecentEvents().Any(e => e is MemberLeft l && l.MemberId == id), TimeSpan.FromSeconds(10),
                "the others to see a graceful leave", () => $"{member.Address} saw: " + string.Join("; ", Monitor(member).RecentEvents()
                    .Where(e => e is MemberLeft l && l.MemberId == id || e is MemberRemoved r && r.MemberId == id).Select(e => e.ToString()).DefaultIfEmpty("nothing of it")));
            Assert.DoesNotContain(Monitor(member).RecentEvents(), e => e is MemberRemoved r && r.MemberId == id);
        }

        await Eventually.Until(() => Monitor(cluster[1]).Status().Sworms.Single() is { Members.Count: 2 } s && s.Names == names.Length,
            "member 1's status to show every name on the two members left");
    }

    private static ISwormMonitor Monitor(TestMember member) => member.Services.GetRequiredService<ISwormMonitor>();
}
