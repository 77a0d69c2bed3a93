using System.ComponentModel;

namespace Sworm.Handoff;

/// <summary>
/// Base of the generated <c>MyProcesses.ResolveConflict</c>: after a network partition heals, the surviving
/// copy of a name receives the losing copy's state, to merge it if it wants to.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ResolveConflictMessage
{
    private readonly HandoffState _state;

    /// <summary>Called by the generated nested type.</summary>
    protected ResolveConflictMessage(HandoffState state) => _state = state;

    /// <summary>The registered name of the worker.</summary>
    public string Name => _state.Name;

    /// <summary>Reads the losing copy's state as <typeparamref name="TState"/>.</summary>
    /// <exception cref="InvalidOperationException">The state cannot be read as <typeparamref name="TState"/>.</exception>
    public TState State<TState>() => _state.Read<TState>();
}
