using System.Threading.Channels;
using Proto;
using Sworm.Configuration;
using Sworm.Registry;
using Sworm.Supervision;
using Sworm.Workers;
using Xunit;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>
/// A worker's start as its delegate awaits it (<see cref="WorkerStart"/>): once <c>Started</c> has finished, the
/// worker itself sends its publication to the registry and the delegate's step resumes once, on the registry's answer;
/// a <c>Started</c> that failed or ran past its deadline fails the wait and publishes nothing, even when it ends later.
/// </summary>
public sealed class WorkerStartTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private sealed record Outcome(Published? Result, Exception? Error, object? MessageInTurn, bool StartTimedOut, bool HasStarted);

    /// <summary>The registry's place: records what it is asked to publish and answers when the test says so.</summary>
    private sealed class RegistryProbe : IActor
    {
        public Channel<PublishWorker> Published { get; } = Channel.CreateUnbounded<PublishWorker>();

        public Task ReceiveAsync(IContext context)
        {
            if (context.Message is PublishWorker publish)
            {
                Published.Writer.TryWrite(publish);
            }
            else if (context.Message is "ping")
            {
                context.Respond("pong");
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>The worker's place: says its Started finished (or failed) when told, from its own turn.</summary>
    private sealed class WorkerProbe(Func<WorkerStart> start) : IActor
    {
        public Task ReceiveAsync(IContext context)
        {
            switch (context.Message)
            {
                case "started":
                    start().Started(context);
                    break;
                case Exception failed:
                    start().Failed(failed);
                    break;
                case "ping":
                    context.Respond("pong");
                    break;
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>The name host's place: one step that creates the start and awaits it.</summary>
    private sealed class HostProbe(SwormSettings settings, WorkerStart.Publication? publication) : TurnProbe
    {
        public WorkerStart? Start { get; private set; }

        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task Step(IContext context)
        {
            Start = new WorkerStart(context, settings, "worker-1", publication);
            Waiting.SetResult();
            try
            {
                var published = await Start.Done;
                Done.SetResult(new Outcome(published, null, context.Message, Start.StartTimedOut, Start.HasStarted));
            }
            catch (Exception e)
            {
                Done.SetResult(new Outcome(null, e, context.Message, Start.StartTimedOut, Start.HasStarted));
            }
        }
    }

    /// <summary>The name host's answers, settable by the test.</summary>
    private sealed class FakeHost : IWorkerHost
    {
        private volatile bool _stopping;
        private volatile bool _carriesCopies = true;

        public bool Stopping { get => _stopping; set => _stopping = value; }

        public bool CarriesCopies { get => _carriesCopies; set => _carriesCopies = value; }
    }

    private sealed class Setup : IAsyncDisposable
    {
        public Setup(TimeSpan requestTimeout, bool publish)
        {
            var settings = new SwormSettings("starts", new SwormOptions(), requestTimeout);
            Registry = new RegistryClient(settings, new RegistryReplica()) { LocalPid = System.Root.Spawn(Props.FromProducer(() => RegistryProbe)) };
            Spec = new WorkerSpec("Test.Worker", "", "[]");
            Host = new HostProbe(settings, publish ? new WorkerStart.Publication(Registry, Arriving: false, Spec, WorkerHost) : null);
            System.Root.Send(System.Root.Spawn(Props.FromProducer(() => Host)), "wait");
            Worker = System.Root.Spawn(Props.FromProducer(() => new WorkerProbe(() => Host.Start!)));
        }

        public ActorSystem System { get; } = new();
        public FakeHost WorkerHost { get; } = new();
        public RegistryProbe RegistryProbe { get; } = new();
        public RegistryClient Registry { get; }
        public WorkerSpec Spec { get; }
        public HostProbe Host { get; }
        public PID Worker { get; }

        /// <summary>Every message sent to the worker so far, and anything it sent the registry then, has been handled.</summary>
        /// <summary>The worker's Started finishes now, after its start was decided: whether anything was published.</summary>
        public async Task<bool> PublishedAfterALateFinish()
        {
            System.Root.Send(Worker, "started");
            await Handled();
            return RegistryProbe.Published.Reader.TryRead(out _);
        }

        public async Task Handled()
        {
            Assert.Equal("pong", await System.Root.RequestAsync<string>(Worker, "ping", Guard));
            Assert.Equal("pong", await System.Root.RequestAsync<string>(Registry.LocalPid!, "ping", Guard));
        }

        public async ValueTask DisposeAsync() => await System.ShutdownAsync().WaitAsync(Guard);
    }

    [Fact]
    public async Task Once_Started_has_finished_the_worker_publishes_itself_and_the_step_resumes_on_the_registry_answer()
    {
        await using var setup = new Setup(TimeSpan.FromSeconds(5), publish: true);
        await setup.Host.Waiting.Task.WaitAsync(Guard);
        setup.System.Root.Send(setup.Worker, "started");

        var publish = await setup.RegistryProbe.Published.Reader.ReadAsync().AsTask().WaitAsync(Guard);
        Assert.Equal("worker-1", publish.Name);
        Assert.Equal(setup.Worker, publish.Pid);
        Assert.Same(setup.Spec, publish.Spec);
        Assert.False(setup.Host.Done.Task.IsCompleted, "the step resumed before the registry answered");

        var answer = new Published(true, "member-a", 7);
        Assert.True(publish.Reply!.TrySetResult(answer));
        var outcome = await setup.Host.Done.Task.WaitAsync(Guard);
        Assert.Same(answer, outcome.Result);
        Assert.True(outcome.MessageInTurn is TurnSignal<Published?>, $"resumed in {outcome.MessageInTurn}, not in a turn of its own");
        Assert.True(outcome.HasStarted);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public async Task A_Started_that_failed_fails_the_wait_with_its_exception_and_publishes_nothing()
    {
        await using var setup = new Setup(TimeSpan.FromSeconds(5), publish: true);
        await setup.Host.Waiting.Task.WaitAsync(Guard);
        setup.System.Root.Send(setup.Worker, new InvalidOperationException("Started refuses to run"));

        var outcome = await setup.Host.Done.Task.WaitAsync(Guard);
        Assert.Equal("Started refuses to run", Assert.IsType<InvalidOperationException>(outcome.Error).Message);
        Assert.False(outcome.HasStarted);
        Assert.False(outcome.StartTimedOut);

        // A late "finished" from the same start changes nothing.
        Assert.False(await setup.PublishedAfterALateFinish());
    }

    [Fact]
    public async Task A_Started_past_its_deadline_is_a_timeout_that_says_so_and_a_late_finish_publishes_nothing()
    {
        await using var setup = new Setup(TimeSpan.FromMilliseconds(200), publish: true);
        await setup.Host.Waiting.Task.WaitAsync(Guard);

        var outcome = await setup.Host.Done.Task.WaitAsync(Guard);
        var error = Assert.IsType<TimeoutException>(outcome.Error);
        Assert.Contains("The Started handler of worker 'worker-1' did not finish within 0.2 s", error.Message);
        Assert.True(outcome.StartTimedOut);
        Assert.False(outcome.HasStarted);

        Assert.False(await setup.PublishedAfterALateFinish());
    }

    [Fact]
    public async Task Without_a_publication_the_wait_ends_with_Started_and_answers_nothing_published()
    {
        await using var setup = new Setup(TimeSpan.FromSeconds(5), publish: false);
        await setup.Host.Waiting.Task.WaitAsync(Guard);
        setup.System.Root.Send(setup.Worker, "started");

        var outcome = await setup.Host.Done.Task.WaitAsync(Guard);
        Assert.Null(outcome.Error);
        Assert.Null(outcome.Result);
        Assert.True(outcome.HasStarted);
        Assert.False(setup.RegistryProbe.Published.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_worker_that_finishes_Started_once_its_host_is_stopping_is_not_published()
    {
        await using var setup = new Setup(TimeSpan.FromSeconds(5), publish: true);
        await setup.Host.Waiting.Task.WaitAsync(Guard);
        setup.WorkerHost.Stopping = true;
        setup.System.Root.Send(setup.Worker, "started");

        var outcome = await setup.Host.Done.Task.WaitAsync(Guard);
        Assert.Contains("stopping", Assert.IsType<SwormUnavailableException>(outcome.Error).Message);
        await setup.Handled();
        Assert.False(setup.RegistryProbe.Published.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Copies_that_no_longer_ride_with_the_publication_hand_the_publication_back_to_the_delegate()
    {
        // A peer began leaving while Started ran: the delegate copies the spec directly first, then publishes.
        await using var setup = new Setup(TimeSpan.FromSeconds(5), publish: true);
        await setup.Host.Waiting.Task.WaitAsync(Guard);
        setup.WorkerHost.CarriesCopies = false;
        setup.System.Root.Send(setup.Worker, "started");

        var outcome = await setup.Host.Done.Task.WaitAsync(Guard);
        Assert.Null(outcome.Error);
        Assert.Null(outcome.Result);
        Assert.True(outcome.HasStarted);
        await setup.Handled();
        Assert.False(setup.RegistryProbe.Published.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Without_a_publication_a_Started_past_its_deadline_is_still_a_Started_timeout()
    {
        await using var setup = new Setup(TimeSpan.FromMilliseconds(200), publish: false);
        await setup.Host.Waiting.Task.WaitAsync(Guard);

        var outcome = await setup.Host.Done.Task.WaitAsync(Guard);
        Assert.Contains("did not finish within 0.2 s", Assert.IsType<TimeoutException>(outcome.Error).Message);
        Assert.True(outcome.StartTimedOut);
    }
}
