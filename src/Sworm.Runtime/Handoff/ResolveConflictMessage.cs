using System.ComponentModel;

namespace Sworm.Handoff;

/// <summary>
/// Base of the generated <c>MyProcesses.ResolveConflict</c>: when a name conflict is resolved (a healed partition, a
/// duplicate activation, a rejoin) on a handoff sworm, the surviving copy of the name receives the losing copy's state,
/// taken with <c>BeginHandoff</c>, to merge it if it wants to; then the losing copy stops. Not sent when the losing
/// copy declined (see docs/partitions.md, "Name conflicts").
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
