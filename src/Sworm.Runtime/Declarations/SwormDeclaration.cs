using System.ComponentModel;
using Sworm.Handoff;

namespace Sworm;

/// <summary>
/// What a <c>[Sworm]</c> declaration says, as emitted by the generator: the sworm's cluster-wide name,
/// its compile-time options (run-time configuration may override them) and factories for its nested
/// handoff message types.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SwormDeclaration(
    string name,
    RestartStrategy restart,
    bool handoff,
    int handoffTimeoutMs,
    bool rebalanceOnJoin,
    int rebalanceMovesPerSecond,
    Func<HandoffRequest, BeginHandoffMessage> beginHandoff,
    Func<HandoffState, EndHandoffMessage> endHandoff,
    Func<HandoffState, ResolveConflictMessage> resolveConflict)
{
    /// <summary>The cluster-wide name of the sworm.</summary>
    public string Name { get; } = name;

    /// <summary>The restart strategy declared on the attribute.</summary>
    public RestartStrategy Restart { get; } = restart;

    /// <summary>Whether handoff is declared on the attribute.</summary>
    public bool Handoff { get; } = handoff;

    /// <summary>The handoff timeout declared on the attribute, in milliseconds.</summary>
    public int HandoffTimeoutMs { get; } = handoffTimeoutMs;

    /// <summary>Whether rebalancing on join is declared on the attribute.</summary>
    public bool RebalanceOnJoin { get; } = rebalanceOnJoin;

    /// <summary>The rebalancing rate declared on the attribute, in moves per second per member.</summary>
    public int RebalanceMovesPerSecond { get; } = rebalanceMovesPerSecond;

    internal Func<HandoffRequest, BeginHandoffMessage> CreateBeginHandoff { get; } = beginHandoff;
    internal Func<HandoffState, EndHandoffMessage> CreateEndHandoff { get; } = endHandoff;
    internal Func<HandoffState, ResolveConflictMessage> CreateResolveConflict { get; } = resolveConflict;
}
