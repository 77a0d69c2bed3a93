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

    /// <summary>Restart intensity: at most this many restarts of one worker within <see cref="MaxRestartsWindow"/>. Default 3.</summary>
    public int MaxRestarts { get; set; } = 3;

    /// <summary>Restart intensity window. Default 5 s (Erlang's max_seconds).</summary>
    public TimeSpan MaxRestartsWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On how many other members each supervised worker's spec is kept, so that its member's crash loses nothing.
    /// Default 1: survives one crash at a time (copies are renewed after each topology change). 0 disables failover.
    /// </summary>
    public int SpecCopies { get; set; } = 1;
}
