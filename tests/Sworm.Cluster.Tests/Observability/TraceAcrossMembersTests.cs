using System.Collections.Concurrent;
using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Observability;

/// <summary>One registration is one trace across members: the caller's context travels inside Sworm's message.</summary>
public sealed class TraceAcrossMembersTests
{
    [Fact]
    public async Task A_registration_served_on_another_member_continues_the_callers_trace_there()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SwormInstrumentNames.ActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var caller = cluster[0];
        var remote = cluster[1];
        var processes = caller.Sworm<ClusterProcesses>();

        // Placement decides where a name's delegate (and its worker) runs: register until one lands on the other member.
        string? name = null;
        for (var i = 0; i < 64 && name is null; i++)
        {
            var candidate = "traced-" + Guid.NewGuid().ToString("N")[..10];
            var result = await processes.RegisterName(candidate, PlacedWorker.Spec(candidate));
            name = result.Pid.Address == remote.Address ? candidate : null;
        }

        Assert.NotNull(name);
        Activity[] spans = [];
        await Eventually.Until(() =>
        {
            spans = stopped.Where(a => a.OperationName == "RegisterName" && Equals(a.GetTagItem(SwormInstrumentNames.NameTag), name)).ToArray();
            return spans.Length == 2;
        }, "the caller's and the delegate's RegisterName spans");

        var client = spans.Single(a => a.Kind == ActivityKind.Client);
        var server = spans.Single(a => a.Kind == ActivityKind.Server);
        Assert.Equal(client.TraceId, server.TraceId);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.True(server.HasRemoteParent);
        Assert.Equal(remote.Address, server.GetTagItem("sworm.member"));
        Assert.Equal("started", client.GetTagItem(SwormInstrumentNames.OutcomeTag));
    }
}
