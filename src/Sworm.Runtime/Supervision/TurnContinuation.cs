using Proto;

namespace Sworm.Supervision;

/// <summary>
/// The rest of a delegate's step, as a message to its name host: the host runs it in its turn (<see cref="Run"/>), unless
/// it began stopping or is a newer incarnation than <see cref="Owner"/>, as Proto drops continuations.
/// <see cref="TurnResumption"/> (after a task) and <see cref="TurnSignal{T}"/> (a local answer) are the two kinds.
/// </summary>
internal abstract class TurnContinuation(IContext context) : IIgnoreDeadLetterLogging
{
    // The host whose turn this thread runs now (none outside a turn, or once the host began stopping).
    [ThreadStatic]
    private static IActor? _turnOf;

    private readonly PID _host = context.Self;
    private readonly ActorSystem _system = context.System;

    /// <summary>The host actor (incarnation) whose turn it belongs to.</summary>
    public IActor? Owner { get; } = context.Actor;

    /// <summary>In the host's turn.</summary>
    public abstract void Run();

    /// <summary>
    /// The host <paramref name="host"/> runs a turn on this thread until <see cref="LeaveTurn"/> (null: none, or it
    /// began stopping). Returns the previous value, to restore.
    /// </summary>
    public static IActor? EnterTurn(IActor? host)
    {
        var previous = _turnOf;
        _turnOf = host;
        return previous;
    }

    public static void LeaveTurn(IActor? previous) => _turnOf = previous;

    /// <summary>On whichever thread is ready: Proto's mailbox takes messages from any thread.</summary>
    protected void Post() => _system.Root.Send(_host, this);

    /// <summary>
    /// Ready inside a turn of its own host (a step's part finished in that turn, and the step that awaited it goes on):
    /// runs at once, as a plain await would, instead of a message and a turn more; anywhere else it is posted. A
    /// registration's nested steps resumed through the mailbox four times more than its two real waits before this.
    /// </summary>
    protected void PostOrRun()
    {
        if (_turnOf is { } host && ReferenceEquals(host, Owner))
        {
            Run();
        }
        else
        {
            Post();
        }
    }
}
