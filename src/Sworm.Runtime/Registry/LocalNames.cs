using Proto;

namespace Sworm.Registry;

/// <summary>
/// This member's part of the registry: its processes that are part of the sworm, their names and groups. Every
/// change is recorded in the <see cref="ReplicationOutbox"/>. Pure state: the actor watches and unwatches the
/// processes this class says to, and sends the notifications it returns.
/// </summary>
internal sealed class LocalNames(ReplicationOutbox outbox)
{
    private readonly Dictionary<PID, TrackedProcess> _tracked = new();
    private readonly Dictionary<string, PID> _names = new(StringComparer.Ordinal);
    private long _claimGeneration;

    /// <summary>
    /// Bumped by every claim and adoption (<see cref="Claim"/>, <see cref="Repoint"/>): which of two delegates that held a
    /// claim at once got it last, so a notice of an older adoption does not clear a newer one.
    /// </summary>
    public long ClaimGeneration => _claimGeneration;

    /// <summary>How many processes are tracked.</summary>
    public int ProcessCount => _tracked.Count;

    /// <summary>A supervised worker runs under <paramref name="name"/> (not watched: its delegate reports its stop).</summary>
    public void PublishWorker(string name, PID pid)
    {
        Track(pid, out var process);
        process.AddWorkerName(name);
        SetName(name, pid, claimed: false);
    }

    /// <summary>
    /// <paramref name="pid"/> holds <paramref name="name"/> by claim; <paramref name="notify"/> is told when it stops.
    /// True when the process is new (watch it); a supervised worker is not new, and its delegate reports its stop.
    /// </summary>
    public bool Claim(string name, PID pid, PID notify)
    {
        var isNew = Track(pid, out var process);
        process.SetClaim(name, notify);
        _claimGeneration++;
        SetName(name, pid, claimed: true);
        return isNew;
    }

    /// <summary>
    /// Re-points the notification of a claim that is still tracked; false when there is none (it stays gone).
    /// <paramref name="previous"/>: who was notified until now, when that was someone else (to be told it let go).
    /// </summary>
    public bool Repoint(string name, PID pid, PID notify, out PID? previous)
    {
        previous = null;
        if (!_tracked.TryGetValue(pid, out var process) || !process.ClaimedNames.TryGetValue(name, out var before))
        {
            return false;
        }

        process.SetClaim(name, notify);
        _claimGeneration++;
        previous = before.Equals(notify) ? null : before;
        return true;
    }

    /// <summary>
    /// The worker <paramref name="pid"/> is moving away with <paramref name="name"/>: when it stops, the name stays on it
    /// (no removal is recorded) until <see cref="PointMoved"/> or <see cref="Unpublish"/> replaces it.
    /// Returns the groups the worker is in, for its successor to join.
    /// </summary>
    public string[] HoldMoving(string name, PID pid)
    {
        if (_names.TryGetValue(name, out var holder) && holder.Equals(pid) && _tracked.TryGetValue(pid, out var process))
        {
            process.RemoveWorkerName(name);
            return process.Groups.ToArray();
        }

        return [];
    }

    /// <summary>The moved name points at its successor (a process of another member, not tracked here); false if it had moved on.</summary>
    public bool PointMoved(string name, PID from, PID to)
    {
        if (!_names.TryGetValue(name, out var holder) || !holder.Equals(from))
        {
            return false;
        }

        if (_tracked.TryGetValue(from, out var process))
        {
            process.RemoveWorkerName(name);
        }

        _names[name] = to;
        outbox.Record(RegistryChangeKind.NameAdded, name, to);
        return true;
    }

    /// <summary>Removes <paramref name="name"/> if it still points at <paramref name="pid"/>; returns a process to unwatch, if any.</summary>
    public PID? Unpublish(string name, PID pid)
    {
        if (!_names.TryGetValue(name, out var holder) || !holder.Equals(pid))
        {
            return null;
        }

        _names.Remove(name);
        outbox.Record(RegistryChangeKind.NameRemoved, name, pid);
        if (!_tracked.TryGetValue(pid, out var process))
        {
            return null;
        }

        process.RemoveName(name);
        if (!process.IsEmpty)
        {
            return null;
        }

        foreach (var group in process.Groups)
        {
            outbox.Record(RegistryChangeKind.GroupLeft, group, pid);
        }

        _tracked.Remove(pid);
        return pid;
    }

    /// <summary>Joins or leaves a group; null when the process is not part of the sworm.</summary>
    public bool? ChangeGroup(string group, PID pid, bool join)
    {
        if (!_tracked.TryGetValue(pid, out var process))
        {
            return null;
        }

        if (process.ChangeGroup(group, join))
        {
            outbox.Record(join ? RegistryChangeKind.GroupJoined : RegistryChangeKind.GroupLeft, group, pid);
        }

        return true;
    }

    /// <summary>The process stopped: its names and groups go. Returns who to tell, per claimed name.</summary>
    public IReadOnlyList<(string Name, PID Notify)> Stopped(PID pid)
    {
        if (!_tracked.Remove(pid, out var process))
        {
            return [];
        }

        foreach (var name in process.WorkerNames.Concat(process.ClaimedNames.Keys))
        {
            if (_names.TryGetValue(name, out var holder) && holder.Equals(pid))
            {
                _names.Remove(name);
                outbox.Record(RegistryChangeKind.NameRemoved, name, pid);
            }
        }

        foreach (var group in process.Groups)
        {
            outbox.Record(RegistryChangeKind.GroupLeft, group, pid);
        }

        return process.ClaimedNames.Select(claim => (claim.Key, claim.Value)).ToArray();
    }

    /// <summary>Everything this member is the source of, as of the outbox's newest sequence number.</summary>
    public RegistrySnapshot Snapshot()
    {
        var entries = new List<RegistryChange>(_names.Count);
        foreach (var (name, pid) in _names)
        {
            var claimed = _tracked.TryGetValue(pid, out var process) && process.ClaimedNames.ContainsKey(name);
            entries.Add(new RegistryChange(claimed ? RegistryChangeKind.NameClaimed : RegistryChangeKind.NameAdded, name, pid));
        }

        foreach (var process in _tracked.Values)
        {
            foreach (var group in process.Groups)
            {
                entries.Add(new RegistryChange(RegistryChangeKind.GroupJoined, group, process.Pid));
            }
        }

        return new RegistrySnapshot(outbox.Source, outbox.LastSequence, entries.ToArray());
    }

    private bool Track(PID pid, out TrackedProcess process)
    {
        if (_tracked.TryGetValue(pid, out process!))
        {
            return false;
        }

        process = new TrackedProcess(pid);
        _tracked[pid] = process;
        return true;
    }

    private void SetName(string name, PID pid, bool claimed)
    {
        if (_names.TryGetValue(name, out var previous) && !previous.Equals(pid) && _tracked.TryGetValue(previous, out var previousProcess))
        {
            previousProcess.RemoveWorkerName(name);
        }

        _names[name] = pid;
        outbox.Record(claimed ? RegistryChangeKind.NameClaimed : RegistryChangeKind.NameAdded, name, pid);
    }
}
