using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;
using Sworm.Workers;

namespace Sworm.Registry;

/// <summary>
/// Resolving name conflicts (see <see cref="ConflictRule"/>): every resync tick (1 s), for each name that two live
/// members publish, the member whose publication lost acts, and only that one: it tells the delegate that runs its
/// worker (<see cref="ConflictLost"/>), which stops the worker; a losing claim is released (its process keeps
/// running). The winner does nothing, so a lost message leaves a duplicate for another tick, never zero copies.
/// </summary>
internal sealed partial class RegistryActor
{
    // How long to wait for the delegate before telling it again.
    private static readonly TimeSpan ConflictRetry = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, long> _conflictToldAt = new(StringComparer.Ordinal);

    /// <summary>The sworm's logger: resolved conflicts, unacknowledged spec copies.</summary>
    public ILogger? Logger { get; init; }

    // Handoff successors published here recently (worker -> Stopwatch timestamp), see ResolveConflicts.
    private readonly Dictionary<PID, long> _arrivals = new();

    private void NoteArrival(PublishWorker publish)
    {
        if (publish.Arriving)
        {
            _arrivals[publish.Pid] = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// Where to tell the delegate of a live local worker: this member's name host, which hands the message (it names
    /// the name) to the name's delegate, so no map from worker to delegate is kept per name. Null for a stopped worker
    /// (a moving worker's name still on it) or a worker of another member.
    /// </summary>
    private PID? DelegateOf(IContext context, PID worker) =>
        worker.Address != context.System.Address || context.System.HasStopped(worker)
            ? null
            : _nameHost ??= PID.FromAddress(context.System.Address, _settings.NameHostName);

    private PID? _nameHost;

    private void ResolveConflicts(IContext context)
    {
        var self = _outbox.Source;
        foreach (var (arrived, _) in _arrivals.Where(a => Stopwatch.GetElapsedTime(a.Value) >= _settings.RequestTimeout).ToArray())
        {
            _arrivals.Remove(arrived);
        }

        foreach (var name in _replica.Conflicts)
        {
            var entry = _replica.EntryOf(name);
            if (entry?.Shadowed is null)
            {
                _replica.ConflictResolved(name);
                _conflictToldAt.Remove(name);
                continue;
            }

            if (MovedPointer(entry, self) is { } pointer)
            {
                // A moved name (handoff, rebalance): this member points it at the successor on another member, whose
                // member publishes the same process. Once this replica shows that, the pointer goes (a leaving member's
                // goes when it leaves). One process: never a conflict to stop anything for.
                if (!_topology.IsLeaving && _local.Unpublish(name, pointer.Pid) is { } unused)
                {
                    context.Unwatch(unused);
                }

                continue;
            }

            if (entry.Source == self || FindPublication(entry, self) is not { } mine)
            {
                continue; // the winner, or not involved: the loser's member acts
            }

            if (mine.Pid.Equals(entry.Pid) || _arrivals.ContainsKey(mine.Pid))
            {
                // A handoff successor: one process published by two members (the member it moved from points its entry
                // at the successor; see MovedPointer above), or published before that member replaced its old pid (it
                // does so right after this start; a member that stays, rebalancing, is not "leaving"). A move, not a
                // conflict; if it still is one after RequestTimeout, it is resolved then.
                continue;
            }

            if (_topology.IsMemberLeaving(self) || _topology.IsMemberLeaving(entry.Source))
            {
                // A name moving off a leaving member (handoff) is published by both for a moment; the leaving member
                // unpublishes it once the successor runs. Not a conflict: stopping either copy would lose the state.
                continue;
            }

            if (_conflictToldAt.TryGetValue(name, out var at) && Stopwatch.GetElapsedTime(at) < ConflictRetry)
            {
                continue;
            }

            _conflictToldAt[name] = Stopwatch.GetTimestamp();
            if (Logger is { } logger)
            {
                ConflictLog.Lost(logger, name, _settings.Name, mine.Pid.ToString(), entry.Pid.ToString(), entry.Source);
            }

            if (!mine.IsClaim && DelegateOf(context, mine.Pid) is { } owner)
            {
                context.Send(owner, new ConflictLost(name, mine.Pid, entry.Pid, entry.Source, entry.IsClaim));
            }
            else if (_local.Unpublish(name, mine.Pid) is { } unused)
            {
                // A claim loses its name, not its process; a worker with no known delegate is unpublished alike.
                context.Unwatch(unused);
            }
        }
    }

    /// <summary>Below the static quorum: every local supervised worker stops (told again each tick until it has).</summary>
    private void StopWorkersBelowQuorum(IContext context)
    {
        if (!_topology.BelowQuorum)
        {
            return;
        }

        var self = _outbox.Source;
        foreach (var registration in _replica.Registered())
        {
            if (_replica.EntryOf(registration.Name) is { } entry && FindPublication(entry, self) is { IsClaim: false } mine
                && DelegateOf(context, mine.Pid) is { } owner)
            {
                context.Send(owner, new QuorumLost(registration.Name, mine.Pid));
            }
        }
    }

    /// <summary>This member's publication of a moved name (a supervised worker's pid on another member) that another member publishes too.</summary>
    private NameEntry? MovedPointer(NameEntry entry, string self)
    {
        if (FindPublication(entry, self) is not { IsClaim: false } mine || mine.Pid.Address == _topology.SelfAddress)
        {
            return null;
        }

        for (var e = entry; e is not null; e = e.Shadowed)
        {
            if (e.Source != self && e.Pid.Equals(mine.Pid))
            {
                return mine;
            }
        }

        return null;
    }

    private static NameEntry? FindPublication(NameEntry entry, string source)
    {
        for (var e = entry; e is not null; e = e.Shadowed)
        {
            if (e.Source == source)
            {
                return e;
            }
        }

        return null;
    }

    private static partial class ConflictLog
    {
        [LoggerMessage(EventId = SwormEventIds.Registry + 60, Level = LogLevel.Warning, Message = "Name '{Name}' of sworm {Sworm} is published twice; this member's {Loser} loses to {Winner} on member {WinnerSource} and stops")]
        public static partial void Lost(ILogger logger, string name, string sworm, string loser, string winner, string winnerSource);
    }
}
