namespace Sworm;

/// <summary>
/// The names of Sworm's telemetry, for wiring it up: <c>.WithMetrics(m =&gt; m.AddMeter(SwormInstrumentNames.Meter))</c>
/// and <c>.WithTracing(t =&gt; t.AddSource(SwormInstrumentNames.ActivitySource))</c>. Every instrument, its unit and
/// when it changes are described in docs/observability.md.
/// </summary>
public static class SwormInstrumentNames
{
    /// <summary>The one <see cref="System.Diagnostics.Metrics.Meter"/> of Sworm: <c>"Sworm"</c>.</summary>
    public const string Meter = "Sworm";

    /// <summary>The one <see cref="System.Diagnostics.ActivitySource"/> of Sworm: <c>"Sworm"</c>.</summary>
    public const string ActivitySource = "Sworm";

    /// <summary>Counter: supervised registrations made by this member's callers, tagged <c>sworm</c> and <c>outcome</c>.</summary>
    public const string Registrations = "sworm.registrations";

    /// <summary>Counter: workers restarted by their delegate on this member after they stopped.</summary>
    public const string Restarts = "sworm.restarts";

    /// <summary>Counter: workers given up on (restarted too often) by their delegate on this member.</summary>
    public const string GaveUp = "sworm.gave_up";

    /// <summary>Counter: names restored by this member after their member left or died.</summary>
    public const string Failovers = "sworm.failovers";

    /// <summary>Counter: handoffs of names off this (leaving) member, tagged <c>outcome</c>.</summary>
    public const string Handoffs = "sworm.handoffs";

    /// <summary>Counter: name conflicts resolved on this member.</summary>
    public const string Conflicts = "sworm.conflicts";

    /// <summary>Observable gauge: names whose process runs on this member.</summary>
    public const string Names = "sworm.names";

    /// <summary>Observable gauge: members that run the sworm, as this member sees them.</summary>
    public const string Members = "sworm.members";

    /// <summary>Histogram (seconds): from a registry change leaving its member to this member applying it.</summary>
    public const string ReplicationDelay = "sworm.replication.delay";

    /// <summary>Tag on every instrument: the sworm's name.</summary>
    public const string SwormTag = "sworm";

    /// <summary>Tag of <see cref="Registrations"/> and <see cref="Handoffs"/>: how it ended.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Span tag: the registered name a span is about.</summary>
    public const string NameTag = "sworm.name";

    /// <summary>The diagnostic id of Sworm's experimental read API (<see cref="ISwormMonitor"/>, events, status).</summary>
    public const string ExperimentalDiagnostic = "SWORMEXP001";
}
