using Proto;

namespace Sworm.Supervision;

/// <summary>
/// The rest of a delegate's step, as a message to its name host: the host runs it in its turn (<see cref="Run"/>), unless
/// it began stopping or is a newer incarnation than <see cref="Owner"/>, as Proto drops continuations.
/// <see cref="TurnResumption"/> (after a task) and <see cref="TurnSignal{T}"/> (a local answer) are the two kinds.
/// </summary>
internal abstract class TurnContinuation(IContext context) : IIgnoreDeadLetterLogging
{
    private readonly PID _host = context.Self;
    private readonly ActorSystem _system = context.System;

    /// <summary>The host actor (incarnation) whose turn it belongs to.</summary>
    public IActor? Owner { get; } = context.Actor;

    /// <summary>In the host's turn.</summary>
    public abstract void Run();

    /// <summary>On whichever thread is ready: Proto's mailbox takes messages from any thread.</summary>
    protected void Post() => _system.Root.Send(_host, this);
}
