using Sworm.Supervision.Placement;

namespace Sworm.Supervision.Failover;

/// <summary>
/// Which orphaned specs this member restores, and when. A copy is orphaned when its host left the topology. Every
/// holder of a copy could restore it; the live member that ranks first for the name does it at once, the others
/// only if the name is still not restored one <c>deferral</c> later (that member may hold no copy, or be leaving
/// too). So a crash costs one restore per name, not one per copy. Pure state: the store feeds it and acts on it.
/// </summary>
internal sealed class RestorePlanner(TimeSpan deferral, TimeProvider time)
{
    private readonly HashSet<string> _restoring = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deferred = new(StringComparer.Ordinal);

    // The live set the deferred names were ranked against: a deferred name is ranked again only when it changes (a
    // sweep after a crash would otherwise rank every orphan another member restores, once per second).
    private IReadOnlySet<string>? _rankedAgainst;

    /// <summary>Whether the last <see cref="Plan"/> met a copy whose host is not live (planned, deferred or under way).</summary>
    public bool SawOrphans { get; private set; }

    /// <summary>How many restores are under way.</summary>
    public int Pending => _restoring.Count;

    /// <summary>
    /// The orphaned copies to restore now; each is counted as under way until <see cref="Done"/>. <paramref name="live"/>
    /// is a new set whenever the topology changed (the store replaces it): then deferred names are ranked again.
    /// </summary>
    public List<SpecCopy> Plan(IReadOnlyDictionary<string, SpecCopy> copies, IReadOnlySet<string> live, string self)
    {
        var now = time.GetTimestamp();
        var due = new List<SpecCopy>();
        var rerank = !ReferenceEquals(live, _rankedAgainst);
        _rankedAgainst = live;
        string[]? liveIds = null; // once per plan: a set's enumerator per name is garbage at 100,000 orphans
        SawOrphans = false;
        foreach (var (name, copy) in copies)
        {
            if (live.Contains(copy.Host))
            {
                continue;
            }

            SawOrphans = true;
            if (_restoring.Contains(name))
            {
                continue;
            }

            var deferred = _deferred.TryGetValue(name, out var since);
            if ((deferred && !rerank) || Rendezvous.First(name, liveIds ??= [.. live]) != self)
            {
                if (!deferred)
                {
                    _deferred[name] = now;
                    continue;
                }

                if (time.GetElapsedTime(since, now) < deferral)
                {
                    continue;
                }
            }

            _deferred.Remove(name);
            _restoring.Add(name);
            due.Add(copy);
        }

        return due;
    }

    /// <summary>Forgets deferred restores whose copy is gone or whose host is back in the topology.</summary>
    public void ForgetStale(IReadOnlyDictionary<string, SpecCopy> copies, IReadOnlySet<string> live)
    {
        foreach (var name in _deferred.Keys)
        {
            if (!copies.TryGetValue(name, out var copy) || live.Contains(copy.Host))
            {
                _deferred.Remove(name);
            }
        }
    }

    /// <summary>Whether a restore of <paramref name="name"/> is under way (queued or running in the restore worker).</summary>
    public bool IsRestoring(string name) => _restoring.Contains(name);

    /// <summary>Counts a restore of <paramref name="name"/> decided outside <see cref="Plan"/> as under way; false if one already is.</summary>
    public bool Begin(string name) => _restoring.Add(name);

    /// <summary>The restore of <paramref name="name"/> finished (whatever its outcome).</summary>
    public void Done(string name) => _restoring.Remove(name);
}
