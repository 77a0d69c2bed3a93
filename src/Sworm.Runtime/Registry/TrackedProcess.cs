using Proto;

namespace Sworm.Registry;

/// <summary>
/// A process of this member that is part of the sworm: a supervised worker, or a process registered by pid.
/// The registry actor learns when it stops, so that its names and groups go away: a process registered by pid is
/// watched (a local watch, which Proto delivers reliably); a supervised worker is not, its delegate (its parent, which
/// Proto always tells) reports the stop instead, so the worker carries no watcher set. Several names of one process
/// share this one record (and one watch).
///
/// One exists per worker, so it is kept small (measured: heap per name in <c>bench</c>): a worker's one name is a
/// field, and the claim table, further names and groups exist only once used.
/// </summary>
internal sealed class TrackedProcess(PID pid)
{
    private static readonly Dictionary<string, PID> NoClaims = new(StringComparer.Ordinal);
    private static readonly HashSet<string> NoGroups = new(StringComparer.Ordinal);

    private Dictionary<string, PID>? _claims;
    private string? _workerName;
    private HashSet<string>? _moreWorkerNames;
    private HashSet<string>? _groups;

    public PID Pid { get; } = pid;

    /// <summary>Names held by claim, with whom to tell when the process stops (the name's delegate).</summary>
    public IReadOnlyDictionary<string, PID> ClaimedNames => _claims ?? NoClaims;

    /// <summary>Names of a supervised worker (published by its delegate).</summary>
    public IEnumerable<string> WorkerNames =>
        _moreWorkerNames is null ? (_workerName is null ? [] : [_workerName])
        : _workerName is null ? _moreWorkerNames : _moreWorkerNames.Prepend(_workerName);

    public IReadOnlySet<string> Groups => _groups ?? NoGroups;

    public bool IsEmpty => (_claims is null || _claims.Count == 0) && _workerName is null && (_moreWorkerNames is null || _moreWorkerNames.Count == 0);

    public void SetClaim(string name, PID notify) => (_claims ??= new(StringComparer.Ordinal))[name] = notify;

    public void AddWorkerName(string name)
    {
        if (name == _workerName || _moreWorkerNames?.Contains(name) == true)
        {
            return;
        }

        if (_workerName is null)
        {
            _workerName = name;
        }
        else
        {
            (_moreWorkerNames ??= new(StringComparer.Ordinal)).Add(name);
        }
    }

    /// <summary>The name is no longer this process's, by claim or as a worker.</summary>
    public void RemoveName(string name)
    {
        _claims?.Remove(name);
        RemoveWorkerName(name);
    }

    public void RemoveWorkerName(string name)
    {
        if (name == _workerName)
        {
            _workerName = null;
        }
        else
        {
            _moreWorkerNames?.Remove(name);
        }
    }

    /// <summary>Joins (<paramref name="join"/>) or leaves <paramref name="group"/>; true when that changed anything.</summary>
    public bool ChangeGroup(string group, bool join) =>
        join ? (_groups ??= new(StringComparer.Ordinal)).Add(group) : _groups?.Remove(group) == true;
}
