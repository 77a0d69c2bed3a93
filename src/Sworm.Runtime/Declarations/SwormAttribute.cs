namespace Sworm;

/// <summary>
/// Declares a sworm: a named set of cluster-wide registered, supervised processes.
/// Put it on a <c>partial class</c>; the Sworm source generator adds the facade
/// (<c>RegisterName</c>, <c>WhereIsName</c>, …), the options as constants and the handoff message types.
/// </summary>
/// <example>
/// <code>
/// [Sworm(Restart = RestartStrategy.Temporary, Handoff = true)]
/// public partial class MyProcesses;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SwormAttribute : Attribute
{
    /// <summary>The restart strategy of the sworm's workers. Default: <see cref="RestartStrategy.Transient"/>.</summary>
    public RestartStrategy Restart { get; set; } = RestartStrategy.Transient;

    /// <summary>Whether workers hand their state to a successor when their member leaves gracefully. Default: false.</summary>
    public bool Handoff { get; set; }

    /// <summary>How long a worker has to answer <c>BeginHandoff</c> before it counts as ignored. Default: 5000 ms.</summary>
    public int HandoffTimeoutMs { get; set; } = 5000;

    /// <summary>
    /// Whether, when a member that runs this sworm joins, the workers whose rendezvous owner is now that member move
    /// there with their state, through the handoff path (Swarm rebalances always; Sworm and this library only when
    /// asked). Requires <see cref="Handoff"/>. Default: false.
    /// </summary>
    public bool RebalanceOnJoin { get; set; }

    /// <summary>
    /// With <see cref="RebalanceOnJoin"/>: how many workers each member starts moving per second. Must be positive.
    /// Default: 500.
    /// </summary>
    public int RebalanceMovesPerSecond { get; set; } = 500;

    /// <summary>The cluster-wide name of the sworm. Default: the class name.</summary>
    public string? Name { get; set; }
}
