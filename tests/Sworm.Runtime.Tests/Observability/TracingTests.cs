using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sworm.Runtime.Tests.Observability;

/// <summary>Spans of the <c>Sworm</c> activity source: the caller's span and the delegate's, one trace.</summary>
public sealed class TracingTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>, IDisposable
{
    private static readonly ActivitySource Test = new("Sworm.Runtime.Tests");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener = Listen();

    [Fact]
    public async Task RegisterName_and_UnregisterName_are_each_a_client_span_with_the_delegates_span_as_its_child()
    {
        _listener.ActivityStopped = _stopped.Enqueue;
        var name = SingleMemberFixture.UniqueName("traced");
        using (var request = Test.StartActivity("request"))
        {
            await fixture.Processes.RegisterName(name, EchoWorker.Spec(name));
            await fixture.Processes.UnregisterName(name);

            foreach (var operation in new[] { "RegisterName", "UnregisterName" })
            {
                var (client, server) = await Pair(name, operation);
                Assert.Equal(request!.TraceId, client.TraceId);
                Assert.Equal(request.SpanId, client.ParentSpanId);
                Assert.Equal(client.TraceId, server.TraceId);
                Assert.Equal(client.SpanId, server.ParentSpanId);
                Assert.Equal(nameof(TestProcesses), client.GetTagItem("sworm"));
                Assert.Equal(fixture.Member.Address, server.GetTagItem("sworm.member"));
            }

            Assert.Equal("started", (await Pair(name, "RegisterName")).Client.GetTagItem("outcome"));
            Assert.Equal("removed", (await Pair(name, "UnregisterName")).Client.GetTagItem("outcome"));
        }
    }

    [Fact]
    public async Task A_failed_start_marks_the_callers_span_as_an_error()
    {
        _listener.ActivityStopped = _stopped.Enqueue;
        var name = SingleMemberFixture.UniqueName("traced-fail");
        await Assert.ThrowsAsync<SwormStartException>(() => fixture.Processes.RegisterName(name, FailingWorker.Spec("started")));

        var (client, _) = await Pair(name, "RegisterName");
        Assert.Equal(ActivityStatusCode.Error, client.Status);
        Assert.Equal("failed", client.GetTagItem("outcome"));
        Assert.Contains("Started refuses to run", client.StatusDescription);
    }

    public void Dispose() => _listener.Dispose();

    private async Task<(Activity Client, Activity Server)> Pair(string name, string operation)
    {
        Activity[] spans = [];
        await Eventually.Until(() =>
        {
            spans = _stopped.Where(a => a.OperationName == operation && Equals(a.GetTagItem("sworm.name"), name)).ToArray();
            return spans.Length == 2;
        }, $"the client and server spans of {operation} '{name}'");
        return (spans.Single(a => a.Kind == ActivityKind.Client), spans.Single(a => a.Kind == ActivityKind.Server));
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Sworm" or "Sworm.Runtime.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
