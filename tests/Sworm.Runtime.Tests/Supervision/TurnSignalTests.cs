using Proto;
using Sworm.Supervision;
using Xunit;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>
/// A delegate's local answer (<see cref="TurnSignal{T}"/>): the step after the wait runs in a turn of its own (the
/// signal is the message), never on the thread that answered; an answer that came first goes on at once; the first
/// answer wins; no answer by the deadline is a <see cref="TimeoutException"/> in a turn.
/// </summary>
public sealed class TurnSignalTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private sealed record Outcome(string? Result, Exception? Error, object? MessageInTurn, bool OnAnsweringThread, bool Overlapped);

    /// <summary>An actor that awaits a signal in one step.</summary>
    private sealed class Waiter(CancellationToken deadline, bool answerFirst) : TurnProbe
    {
        public TurnSignal<string>? Signal { get; private set; }

        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int AnsweringThread { get; set; } = -1;

        protected override async Task Step(IContext context)
        {
            Signal = new TurnSignal<string>(context, deadline, "The test's answer from {0}", "the probe");
            if (answerFirst)
            {
                Signal.TrySetResult("early");
            }

            Waiting.SetResult();
            try
            {
                var result = await Signal;
                Finish(context, result, null);
            }
            catch (Exception e)
            {
                Finish(context, null, e);
            }
        }

        private void Finish(IContext context, string? result, Exception? error) =>
            Done.SetResult(new Outcome(result, error, context.Message, Environment.CurrentManagedThreadId == AnsweringThread, Overlapped));
    }

    private static async Task<T> With<T>(Func<ActorSystem, Task<T>> test)
    {
        var system = new ActorSystem();
        try
        {
            return await test(system);
        }
        finally
        {
            await system.ShutdownAsync().WaitAsync(Guard);
        }
    }

    [Fact]
    public Task An_answer_from_another_thread_resumes_the_step_in_a_turn_of_its_own_and_only_the_first_answer_counts() => With(async system =>
    {
        var waiter = new Waiter(CancellationToken.None, answerFirst: false);
        var actor = system.Root.Spawn(Props.FromProducer(() => waiter));
        system.Root.Send(actor, "wait");
        await waiter.Waiting.Task.WaitAsync(Guard);
        Assert.Equal("pong", await system.Root.RequestAsync<string>(actor, "ping", Guard)); // not blocked by the wait

        // From a thread of its own (never one of the pool's, where the actor's turns run): an inline continuation would run here.
        var first = false;
        var answering = new Thread(() =>
        {
            waiter.AnsweringThread = Environment.CurrentManagedThreadId;
            first = waiter.Signal!.TrySetResult("answer");
        });
        answering.Start();
        Assert.True(answering.Join(Guard));
        Assert.True(first);
        Assert.False(waiter.Signal!.TrySetResult("second"));
        Assert.False(waiter.Signal.TrySetException(new InvalidOperationException()));

        var outcome = await waiter.Done.Task.WaitAsync(Guard);
        Assert.Equal("answer", outcome.Result);
        Assert.Same(waiter.Signal, outcome.MessageInTurn);
        Assert.False(outcome.OnAnsweringThread);
        Assert.False(outcome.Overlapped, "the step ran beside another turn of the actor");
        return 0;
    });

    [Fact]
    public Task An_answer_given_before_the_wait_goes_on_in_the_same_turn() => With(async system =>
    {
        var waiter = new Waiter(CancellationToken.None, answerFirst: true);
        system.Root.Send(system.Root.Spawn(Props.FromProducer(() => waiter)), "wait");

        var outcome = await waiter.Done.Task.WaitAsync(Guard);
        Assert.Equal("early", outcome.Result);
        Assert.Equal("wait", outcome.MessageInTurn);
        return 0;
    });

    [Fact]
    public Task No_answer_by_the_deadline_is_a_timeout_that_says_what_waited_and_a_late_answer_is_ignored() => With(async system =>
    {
        using var deadline = new CancellationTokenSource();
        var waiter = new Waiter(deadline.Token, answerFirst: false);
        system.Root.Send(system.Root.Spawn(Props.FromProducer(() => waiter)), "wait");
        await waiter.Waiting.Task.WaitAsync(Guard);
        deadline.Cancel(); // the deadline passes (awaiting or about to: either way the wait ends with the timeout)

        var outcome = await waiter.Done.Task.WaitAsync(Guard);
        var error = Assert.IsType<TimeoutException>(outcome.Error);
        Assert.Contains("The test's answer from the probe got no answer in time", error.Message);
        Assert.False(waiter.Signal!.TrySetResult("late"));
        return 0;
    });

    [Fact]
    public Task An_answer_that_is_an_exception_is_thrown_by_the_wait_as_it_is() => With(async system =>
    {
        var waiter = new Waiter(CancellationToken.None, answerFirst: false);
        system.Root.Send(system.Root.Spawn(Props.FromProducer(() => waiter)), "wait");
        await waiter.Waiting.Task.WaitAsync(Guard);

        waiter.Signal!.TrySetException(new TimeoutException("the worker's own"));
        var outcome = await waiter.Done.Task.WaitAsync(Guard);
        Assert.Equal("the worker's own", Assert.IsType<TimeoutException>(outcome.Error).Message);
        return 0;
    });
}
