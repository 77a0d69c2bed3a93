namespace Sworm;

/// <summary>
/// The run-time options of one sworm. They start from the <c>[Sworm]</c> attribute and can be overridden by
/// configuration (<c>"Sworm": { "Sworms": { "MyProcesses": { "Handoff": true, "Restart": "Temporary" } } }</c>)
/// or by <c>services.Configure&lt;SwormOptions&gt;("MyProcesses", o => …)</c>, named by the sworm's name.
/// </summary>
public sealed class SwormOptions
{
    /// <summary>The restart strategy of the sworm's workers.</summary>
    public RestartStrategy Restart { get; set; } = RestartStrategy.Transient;

    /// <summary>Whether workers hand their state to a successor when their member leaves gracefully.</summary>
    public bool Handoff { get; set; }

    /// <summary>How long a worker has to answer <c>BeginHandoff</c>, in milliseconds.</summary>
    public int HandoffTimeoutMs { get; set; } = 5000;

    /// <summary>
    /// Whether workers move to a member that joins: when a member that runs the sworm joins, each member moves its
    /// workers whose rendezvous owner (the placement rule of handoff sworms) is now another member that stays, with
    /// their state, through the handoff path (<c>BeginHandoff</c> → <c>EndHandoff</c>; messages sent meanwhile reach
    /// the successor; never two live copies). Swarm rebalances on every topology change; like Sworm this is opt-in.
    /// Requires <see cref="Handoff"/> (a move without it would restart every moved worker clean): enabling it without
    /// handoff is a <see cref="SwormConfigurationException"/> at start. Only joins trigger it; a leaving member hands off
    /// its own workers. Configuration: <c>Sworm:Sworms:{name}:RebalanceOnJoin</c>. Default: false.
    /// </summary>
    public bool RebalanceOnJoin { get; set; }

    /// <summary>
    /// With <see cref="RebalanceOnJoin"/>: how many moves each member starts per second (a member with 1,000 workers to
    /// move at 500/s takes about 2 s). Bounds the load a join puts on the cluster. Must be positive.
    /// Configuration: <c>Sworm:Sworms:{name}:RebalanceMovesPerSecond</c>. Default: 500.
    /// </summary>
    public int RebalanceMovesPerSecond { get; set; } = 500;

    /// <summary>Restart intensity: at most this many restarts of one worker within <see cref="MaxRestartsWindow"/>. Default 3.</summary>
    public int MaxRestarts { get; set; } = 3;

    /// <summary>Restart intensity window. Default 5 s (Erlang's max_seconds).</summary>
    public TimeSpan MaxRestartsWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Value of <see cref="SpecCopies"/> meaning "on every other member that runs the sworm" (the default).</summary>
    public const int AllMembers = int.MaxValue;

    /// <summary>
    /// On how many other members each supervised (non-Temporary) worker's spec is kept, so that its member's crash,
    /// or a partition, loses nothing. Default <see cref="AllMembers"/>: every member that runs the sworm holds every
    /// spec, so each side of any partition can restart every name (AP), and any number of crashes at once loses
    /// nothing while one member lives. Costs memory on every member: about the serialized spec (name, type, JSON
    /// arguments; ~0.3 KB for small arguments) per name, times the members, plus one message per member and
    /// registration (only the first copy is awaited). A number n (1 or more) keeps n copies on the members that rank
    /// highest for the name: less memory, but a side of a partition, or a set of simultaneous crashes, restarts only
    /// the names with a copy on a surviving member. 0 disables failover. Must be 0 or more.
    /// </summary>
    public int SpecCopies { get; set; } = AllMembers;
}
