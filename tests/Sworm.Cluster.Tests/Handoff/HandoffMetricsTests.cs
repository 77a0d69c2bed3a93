using Microsoft.Extensions.DependencyInjection;
using Sworm.Cluster.Tests.Infrastructure;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using static Sworm.Cluster.Tests.Handoff.HandoffKit;

namespace Sworm.Cluster.Tests.Handoff;

/// <summary>Handoffs are counted on the leaving member's <c>sworm.handoffs</c> by outcome, once per worker, with a <c>NameHandedOff</c> event each.</summary>
public sealed class HandoffMetricsTests
{
    [Fact]
    public async Task A_graceful_leave_counts_each_worker_once_by_its_handoff_outcome()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<HandoffProcesses>());
        var leaving = cluster[1];
        var via = Client(cluster[0], "HandoffProcesses");
        var replying = await CountersOn(via, leaving, 12, "reply");
        var ignoring = await CountersOn(via, leaving, 5, "ignore", first: 50_000);
        using var metrics = MemberMetrics.Of(leaving);
        var monitor = leaving.Services.GetRequiredService<ISwormMonitor>();

        await cluster.StopMember(leaving);

        var sworm = ("sworm", (object)"HandoffProcesses");
        Assert.Equal(replying.Length, metrics.Sum("sworm.handoffs", sworm, ("outcome", "handed_off")));
        Assert.Equal(ignoring.Length, metrics.Sum("sworm.handoffs", sworm, ("outcome", "ignored")));
        var events = monitor.RecentEvents().OfType<NameHandedOff>().ToArray();
        Assert.Equal(replying.Length + ignoring.Length, events.Length);
        Assert.Equal(replying.Select(c => c.Name).Concat(ignoring.Select(c => c.Name)).Order(), events.Select(e => e.Name).Order());
        Assert.All(events, e => Assert.Equal(cluster[0].Address, e.To));
    }
}
