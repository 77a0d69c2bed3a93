using System.Diagnostics.Metrics;
using static Sworm.SwormInstrumentNames;

namespace Sworm.Diagnostics;

/// <summary>
/// One member's instruments on the <c>"Sworm"</c> meter. The meter comes from the host's <see cref="IMeterFactory"/>
/// when there is one (so each member of a process has its own, and a test can listen to one member), else it is
/// created here and disposed with the member. Counters are fed by the member's events (<see cref="Count"/>) and by
/// the facade (<see cref="Registration"/>); gauges read what the layers above registered with <see cref="Observe"/>.
/// </summary>
internal sealed class SwormInstruments : IDisposable
{
    private readonly bool _ownsMeter;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _restarts;
    private readonly Counter<long> _gaveUp;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _handoffs;
    private readonly Counter<long> _conflicts;
    private readonly Histogram<double> _replicationDelay;
    private readonly object _gate = new();
    private (string Sworm, Func<int> Names, Func<int> Members)[] _observed = [];

    public SwormInstruments(IMeterFactory? factory)
    {
        _ownsMeter = factory is null;
        Meter = factory?.Create(new MeterOptions(SwormInstrumentNames.Meter)) ?? new Meter(SwormInstrumentNames.Meter);
        _registrations = Meter.CreateCounter<long>(Registrations, "{registration}", "Supervised registrations made by this member's callers, by outcome");
        _restarts = Meter.CreateCounter<long>(Restarts, "{restart}", "Workers restarted by their delegate on this member");
        _gaveUp = Meter.CreateCounter<long>(GaveUp, "{worker}", "Workers given up on after too many restarts");
        _failovers = Meter.CreateCounter<long>(Failovers, "{name}", "Names restored by this member after their member left or died");
        _handoffs = Meter.CreateCounter<long>(Handoffs, "{name}", "Handoffs of names off this leaving member, by outcome");
        _conflicts = Meter.CreateCounter<long>(Conflicts, "{conflict}", "Name conflicts resolved on this member");
        _replicationDelay = Meter.CreateHistogram<double>(ReplicationDelay, "s", "From a registry change leaving its member to this member applying it");
        Meter.CreateObservableGauge(Names, () => Measure(o => o.Names()), "{name}", "Names whose process runs on this member");
        Meter.CreateObservableGauge(Members, () => Measure(o => o.Members()), "{member}", "Members that run the sworm, as this member sees them");
    }

    public const string Started = "started";
    public const string AlreadyStarted = "already_started";
    public const string Failed = "failed";

    public Meter Meter { get; }

    /// <summary>Registers the gauges' sources for one sworm on this member.</summary>
    public void Observe(string sworm, Func<int> names, Func<int> members)
    {
        lock (_gate)
        {
            _observed = [.. _observed, (sworm, names, members)];
        }
    }

    /// <summary>A supervised registration made by a caller on this member ended with <paramref name="outcome"/>.</summary>
    public void Registration(string sworm, string outcome) => _registrations.Add(1, Sworm(sworm), Outcome(outcome));

    /// <summary>A batch of registry changes from another member was applied; <paramref name="sentAt"/> is when it left.</summary>
    public void ReplicationApplied(string sworm, DateTimeOffset? sentAt)
    {
        if (sentAt is { } sent)
        {
            // Members' clocks may differ a little: a negative delay is a skew, not a time machine.
            _replicationDelay.Record(Math.Max(0, (DateTimeOffset.UtcNow - sent).TotalSeconds), Sworm(sworm));
        }
    }

    /// <summary>Counts an event on the counter it belongs to (membership events have none).</summary>
    public void Count(SwormEvent e)
    {
        switch (e)
        {
            case WorkerRestarted r:
                _restarts.Add(1, Sworm(r.SwormName));
                break;
            case WorkerGaveUp g:
                _gaveUp.Add(1, Sworm(g.SwormName));
                break;
            case NameRestored n:
                _failovers.Add(1, Sworm(n.SwormName));
                break;
            case NameHandedOff h:
                _handoffs.Add(1, Sworm(h.SwormName), Outcome(OutcomeOf(h.Outcome)));
                break;
            case ConflictResolved c:
                _conflicts.Add(1, Sworm(c.SwormName));
                break;
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    /// <summary>The <c>outcome</c> tag of a handoff.</summary>
    public static string OutcomeOf(HandoffOutcome outcome) => outcome switch
    {
        HandoffOutcome.HandedOff => "handed_off",
        HandoffOutcome.Ignored => "ignored",
        HandoffOutcome.TimedOut => "timed_out",
        _ => "failed",
    };

    private IEnumerable<Measurement<int>> Measure(Func<(string Sworm, Func<int> Names, Func<int> Members), int> read)
    {
        var observed = _observed;
        var measurements = new List<Measurement<int>>(observed.Length);
        foreach (var source in observed)
        {
            measurements.Add(new Measurement<int>(read(source), Sworm(source.Sworm)));
        }

        return measurements;
    }

    private static KeyValuePair<string, object?> Sworm(string sworm) => new(SwormTag, sworm);

    private static KeyValuePair<string, object?> Outcome(string outcome) => new(OutcomeTag, outcome);
}
