namespace Sworm.Registry;

/// <summary>
/// The sending side of replication for this member's part of the registry: every change gets the next sequence
/// number and is applied to the local replica at once (read-your-writes); pending changes leave as one numbered
/// delta per flush, so a receiver can see a gap.
/// </summary>
internal sealed class ReplicationOutbox(string self, RegistryReplica replica)
{
    private readonly List<RegistryChange> _pending = [];
    private readonly List<CarriedSpec> _specs = [];
    private long _sent;

    /// <summary>The member whose part this is.</summary>
    public string Source { get; } = self;

    public bool HasPending => _pending.Count > 0 || _specs.Count > 0;

    /// <summary>The sequence number of the newest change, sent or not.</summary>
    public long LastSequence => _sent + _pending.Count;

    public void Record(RegistryChangeKind kind, string key, Proto.PID pid)
    {
        var change = new RegistryChange(kind, key, pid);
        _pending.Add(change);
        replica.Apply(Source, LastSequence, change);
    }

    /// <summary>A failover copy (or drop) of a spec for the peers' spec stores, carried by the next delta.</summary>
    public void Carry(CarriedSpec spec) => _specs.Add(spec);

    /// <summary>The pending changes and carried specs as one delta (null when there are none); they count as sent from now on.</summary>
    public RegistryDelta? TakeDelta()
    {
        if (!HasPending)
        {
            return null;
        }

        var delta = new RegistryDelta(Source, _sent + 1, _pending.ToArray(), Specs: _specs.Count > 0 ? _specs.ToArray() : null);
        _sent += _pending.Count;
        _pending.Clear();
        _specs.Clear();
        return delta;
    }
}
