namespace Sworm.Registry;

/// <summary>
/// The receiving side of replication: applies each member's deltas in sequence. A delta after a gap, or from a
/// member not yet synced, is buffered and the member's part must be rebuilt from a snapshot; buffered deltas are
/// applied on top of the snapshot. Pure state: the actor does the sending.
/// </summary>
internal sealed class ReplicationInbox(RegistryReplica replica)
{
    private readonly HashSet<string> _unsynced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RegistryDelta>> _buffered = new(StringComparer.Ordinal);

    /// <summary>Members whose part this replica does not hold yet (a snapshot is due).</summary>
    public IReadOnlyCollection<string> Unsynced => _unsynced;

    /// <summary>Whether this replica holds every known member's part.</summary>
    public bool IsSynced => _unsynced.Count == 0;

    /// <summary>This replica must rebuild <paramref name="source"/>'s part (a new member, or a rejoin).</summary>
    public void NeedSnapshot(string source) => _unsynced.Add(source);

    /// <summary>Whether this replica, synced with <paramref name="head"/>'s source, has applied less than the source has sent.</summary>
    public bool IsBehind(RegistryHead head) => !_unsynced.Contains(head.Source) && replica.AppliedSequence(head.Source) < head.Sequence;

    /// <summary>Applies or buffers a delta; true when a snapshot of its source must be requested now.</summary>
    public bool Receive(RegistryDelta delta)
    {
        if (_unsynced.Contains(delta.Source))
        {
            Buffer(delta);
            return false;
        }

        var applied = replica.AppliedSequence(delta.Source);
        if (delta.FirstSequence > applied + 1)
        {
            Buffer(delta);
            _unsynced.Add(delta.Source);
            return true;
        }

        Apply(delta, applied);
        return false;
    }

    /// <summary>Replaces the snapshot's source's part, then applies what was buffered after it.</summary>
    public void Receive(RegistrySnapshot snapshot)
    {
        replica.ApplySnapshot(snapshot);
        _unsynced.Remove(snapshot.Source);
        if (_buffered.Remove(snapshot.Source, out var buffered))
        {
            foreach (var delta in buffered)
            {
                Apply(delta, replica.AppliedSequence(snapshot.Source));
            }
        }
    }

    /// <summary>The member left (or cannot be asked): its part and everything pending for it go.</summary>
    public void Forget(string source, bool removeFromReplica)
    {
        if (removeFromReplica)
        {
            replica.RemoveSource(source);
        }

        _unsynced.Remove(source);
        _buffered.Remove(source);
    }

    private void Apply(RegistryDelta delta, long applied)
    {
        for (var i = 0; i < delta.Changes.Length; i++)
        {
            var sequence = delta.FirstSequence + i;
            if (sequence > applied)
            {
                replica.Apply(delta.Source, sequence, delta.Changes[i]);
            }
        }
    }

    private void Buffer(RegistryDelta delta)
    {
        if (!_buffered.TryGetValue(delta.Source, out var buffer))
        {
            _buffered[delta.Source] = buffer = [];
        }

        buffer.Add(delta);
    }
}
