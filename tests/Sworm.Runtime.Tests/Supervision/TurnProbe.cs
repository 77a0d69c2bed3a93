using Proto;
using Sworm.Supervision;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>
/// An actor that runs one waiting step (on "wait") the way a name host runs a delegate's: it passes the continuations
/// it receives to <see cref="TurnContinuation.Run"/>, answers "ping" in a long turn, and records whether two of its
/// turns ever overlapped (a step resumed beside another turn instead of in one of its own).
/// </summary>
internal abstract class TurnProbe : IActor
{
    private int _inTurn;
    private bool _overlapped;

    /// <summary>Set by the step once it is about to wait.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether a turn overlapped another, or the code calling this runs outside exactly one turn.</summary>
    protected bool Overlapped => _overlapped || Volatile.Read(ref _inTurn) != 1;

    public Task ReceiveAsync(IContext context)
    {
        _overlapped |= Interlocked.Increment(ref _inTurn) > 1;
        try
        {
            switch (context.Message)
            {
                case "wait":
                    _ = Step(context);
                    break;
                case TurnContinuation continuation:
                    continuation.Run();
                    break;
                case "ping":
                    Thread.Sleep(20); // a turn long enough for a step running beside it to overlap (not a wait)
                    context.Respond("pong");
                    break;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inTurn);
        }

        return Task.CompletedTask;
    }

    protected abstract Task Step(IContext context);
}
