using Proto;
using Sworm.Supervision;
using Xunit;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>
/// <c>await task.InTurn(context)</c>, what a name's delegate waits with inside its host: the actor takes other
/// messages while one waits, and the code after the wait runs in a later turn of the actor, never on the thread that
/// ended the wait (where it would run beside the actor's other turns). An actor that awaits this way passes the
/// <see cref="TurnResumption"/> messages it receives to <see cref="TurnResumption.Run"/>, as the name host does (<see cref="TurnProbe"/>).
/// </summary>
public sealed class TurnAwaitableTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_actor_takes_other_messages_while_a_step_waits_and_the_step_goes_on_in_a_turn_of_its_own()
    {
        var system = new ActorSystem();
        try
        {
            var probe = new Probe();
            var actor = system.Root.Spawn(Props.FromProducer(() => probe));
            system.Root.Send(actor, "wait");
            await probe.Waiting.Task.WaitAsync(Guard);

            // The actor is not blocked by the waiting step.
            Assert.Equal("pong", await system.Root.RequestAsync<string>(actor, "ping", Guard));

            // Ended from this thread: a plain await would run the rest of the step here, inline, outside any turn.
            probe.Release.SetResult(42);
            var after = await probe.After.Task.WaitAsync(Guard);

            Assert.Equal(42, after.Result);
            // A turn of its own: the actor's message is the resumption the wait posted ("ping" came since).
            Assert.IsType<TurnResumption>(after.MessageInTurn);
            Assert.False(after.Overlapped, "the step ran beside another turn of the actor");
        }
        finally
        {
            await system.ShutdownAsync().WaitAsync(Guard);
        }
    }

    [Fact]
    public async Task A_task_already_complete_goes_on_in_the_same_turn()
    {
        var system = new ActorSystem();
        try
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var actor = system.Root.Spawn(Props.FromFunc(async context =>
            {
                if (context.Message is "go")
                {
                    var turn = context.Message;
                    var value = await Task.FromResult(7).InTurn(context);
                    // Same turn: nothing else ran in between, so the message is the same object.
                    done.SetResult(value == 7 && ReferenceEquals(turn, context.Message));
                }
            }));
            system.Root.Send(actor, "go");
            Assert.True(await done.Task.WaitAsync(Guard));
        }
        finally
        {
            await system.ShutdownAsync().WaitAsync(Guard);
        }
    }

    private sealed record AfterWait(int Result, object? MessageInTurn, bool Overlapped);

    private sealed class Probe : TurnProbe
    {
        // Not asynchronous continuations: a plain await on it would go on inline, on the thread that sets it.
        public TaskCompletionSource<int> Release { get; } = new();

        public TaskCompletionSource<AfterWait> After { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task Step(IContext context)
        {
            Waiting.SetResult();
            var releasing = Release.Task;
            var result = await releasing.InTurn(context);
            // Inside the ReceiveAsync of the resumption: that turn alone runs now.
            After.SetResult(new AfterWait(result, context.Message, Overlapped));
        }
    }
}
