using System.ComponentModel;

namespace Sworm.Handoff;

/// <summary>
/// Base of the generated <c>MyProcesses.EndHandoff</c>: the first message a successor receives after
/// <c>Started</c>, carrying the state its predecessor handed off.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class EndHandoffMessage
{
    private readonly HandoffState _state;

    /// <summary>Called by the generated nested type.</summary>
    protected EndHandoffMessage(HandoffState state) => _state = state;

    /// <summary>The registered name of the worker.</summary>
    public string Name => _state.Name;

    /// <summary>Reads the handed-off state as <typeparamref name="TState"/>.</summary>
    /// <exception cref="InvalidOperationException">The state cannot be read as <typeparamref name="TState"/>.</exception>
    public TState State<TState>() => _state.Read<TState>();
}
