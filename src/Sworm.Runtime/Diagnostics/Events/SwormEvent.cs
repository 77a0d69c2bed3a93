using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>
/// Something that changed in a Sworm cluster, as seen by one member: a worker started, restarted or given up on,
/// a name restored after failover, handed off or kept after a conflict, a member joined, left or was removed.
/// Each member publishes its own events (<see cref="ISwormMonitor"/>); metrics and the dashboard's recent events
/// are built from them.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public abstract record SwormEvent
{
    /// <summary>When the member saw the change (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The address (host:port) of the member that published the event; set when it is published.</summary>
    public string Member { get; init; } = "";

    /// <summary>The sworm the event is about, or null for a membership event.</summary>
    public abstract string? Sworm { get; }
}
