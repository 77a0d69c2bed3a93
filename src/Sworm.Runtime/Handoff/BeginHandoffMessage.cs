using System.ComponentModel;
using Proto;

namespace Sworm.Handoff;

/// <summary>
/// Base of the generated <c>MyProcesses.BeginHandoff</c>: the worker is about to move to another member
/// and may pass its state on. Answer with <see cref="Reply{TState}"/> or <see cref="Ignore"/>; no answer
/// within the sworm's handoff timeout counts as <see cref="Ignore"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BeginHandoffMessage
{
    /// <summary>Called by the generated nested type.</summary>
    protected BeginHandoffMessage(HandoffRequest request) => Request = request;

    /// <summary>The registered name of the worker being moved.</summary>
    public string Name => Request.Name;

    internal HandoffRequest Request { get; }

    /// <summary>Hands <paramref name="state"/> to the successor, which receives it in <c>EndHandoff</c>.</summary>
    /// <exception cref="ArgumentException">The state cannot be serialized to JSON.</exception>
    public void Reply<TState>(IContext context, TState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Respond(new HandoffReply(HandoffState.Capture(Request.Name, state)));
    }

    /// <summary>Declines: the successor starts with a clean state.</summary>
    public void Ignore(IContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Respond(new HandoffReply(null));
    }
}
