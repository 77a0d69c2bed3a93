using Proto;
using Proto.Cluster;

namespace Sworm.Registry;

/// <summary>Replication's sends: deltas to every peer, snapshots asked of new peers, and this member's head (anti-entropy).</summary>
internal sealed partial class RegistryActor
{
    /// <summary>
    /// Sends the pending changes as one delta to every peer, unless the copies of an earlier delta still wait for
    /// their acknowledgement (<see cref="HoldsFlush"/>); <paramref name="force"/>: send now (a head follows).
    /// </summary>
    private void Flush(IContext context, bool force = false)
    {
        if (!force && HoldsFlush(context))
        {
            return;
        }

        _holdSince = 0;
        if (_outbox.TakeDelta() is not { } delta)
        {
            return;
        }

        delta = delta with { SentAt = DateTimeOffset.UtcNow };
        if (delta.Specs is { } specs)
        {
            // This member's spec store learns what it hosts from the same batch, before any peer acknowledges it.
            context.Send(SpecStore(context), new ReplicatedSpecs(_outbox.Source, specs, null, _outbox.LastSequence));
        }

        var acknowledged = delta.Specs is not null && CopiesNeedAcknowledgement(_peers);
        foreach (var peer in _peers)
        {
            if (!acknowledged)
            {
                context.Send(RegistryAt(peer.Address), delta);
            }
            else
            {
                context.Request(RegistryAt(peer.Address), delta); // the sender is where the peer's spec store acknowledges
            }
        }

        CopiesSent(context, _peers);
    }

    private bool IsPeer(string memberId) => Includes(_peers, memberId);

    // A loop, not a lambda: a lambda over a case's pattern variable made the compiler allocate its closure on every message.
    private static bool Includes(Member[] members, string memberId)
    {
        foreach (var member in members)
        {
            if (member.Id == memberId)
            {
                return true;
            }
        }

        return false;
    }

    private Member[] MembersOfKind(ClusterTopology topology) => topology.Members.Where(m => m.Kinds.Contains(_settings.Kind)).ToArray();

    private void OnTopologyMembers(IContext context, Member[] members, IEnumerable<Member>? joined)
    {
        var before = _peers.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        _peers = members.Where(m => m.Id != _outbox.Source).ToArray();
        var added = new List<Member>();
        foreach (var peer in _peers)
        {
            if (!before.Contains(peer.Id) || (joined?.Any(j => j.Id == peer.Id) ?? false))
            {
                _inbox.NeedSnapshot(peer.Id);
                RequestSnapshot(context, peer.Id);
                added.Add(peer);
            }
        }

        if (added.Count > 0)
        {
            SendHead(context, added);
        }
    }

    /// <summary>Sends the pending changes, then tells <paramref name="peers"/> how far this member's part goes (<see cref="RegistryHead"/>).</summary>
    private void SendHead(IContext context, IEnumerable<Member> peers)
    {
        Flush(context, force: true); // the head must not name a sequence that has not left
        var head = new RegistryHead(_outbox.Source, _outbox.LastSequence);
        foreach (var peer in peers)
        {
            context.Send(RegistryAt(peer.Address), head);
        }
    }

    private void RequestSnapshot(IContext context, string source)
    {
        var peer = _peers.FirstOrDefault(p => p.Id == source);
        if (peer is null)
        {
            _inbox.Forget(source, removeFromReplica: false);
            return;
        }

        context.Request(RegistryAt(peer.Address), new RegistrySnapshotRequest());
    }

    private PID RegistryAt(string address) => PID.FromAddress(address, _settings.RegistryName);
}
