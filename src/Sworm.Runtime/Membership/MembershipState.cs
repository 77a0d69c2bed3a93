using Microsoft.Extensions.Logging;

namespace Sworm.Membership;

/// <summary>
/// The membership rules of one member, without actors or sockets: the live peers it knows, the ids it knows to be
/// gone (tombstones), when it last heard from each peer, how views merge, and who has fallen silent. The
/// <see cref="MembershipActor"/> feeds it messages and ticks and does the I/O (gossip, probes, Proto).
/// </summary>
internal sealed partial class MembershipState(MemberInfo self, string clusterName, FailureDetectionOptions detection, TimeSpan tombstoneRetention, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<string, PeerState> _peers = new(StringComparer.Ordinal);

    // Id -> timestamp when we learnt it is gone. A tombstone beats any view that still lists the id, which is what
    // stops a member that lags behind from resurrecting a dead one.
    private readonly Dictionary<string, long> _tombstones = new(StringComparer.Ordinal);
    private string _publishedKey = "";

    // Addresses of members removed since the topology was last given to Proto. Proto cleans up by address (its
    // identity directory drops activations whose address left the topology), so a new incarnation at such an
    // address joins only after Proto has seen the old one go, in a later topology: otherwise Proto would keep routing
    // names of the dead incarnation to whatever actor now has the same id at that address.
    private readonly HashSet<string> _removedAddresses = new(StringComparer.Ordinal);

    public MemberInfo Self { get; } = self;

    public string ClusterName { get; } = clusterName;

    public IReadOnlyCollection<PeerState> Peers => _peers.Values;

    public bool IsTombstoned(string id) => _tombstones.ContainsKey(id);

    public bool TryGetPeer(string id, out PeerState peer) => _peers.TryGetValue(id, out peer!);

    /// <summary>Time spent joining must not count as silence: every peer's clock starts now.</summary>
    public void RestartClocks()
    {
        var now = time.GetTimestamp();
        foreach (var peer in _peers.Values)
        {
            peer.LastHeard = now;
        }
    }

    /// <summary>
    /// Merges a view received from its sender. <paramref name="declaredDeadBy"/> names the sender when its view lists
    /// this member as gone. Returns whether the live set may have changed.
    /// </summary>
    public bool Merge(MembershipView view, out string? declaredDeadBy)
    {
        declaredDeadBy = null;
        var changed = false;
        foreach (var id in view.Tombstones)
        {
            if (id == Self.Id)
            {
                declaredDeadBy = view.SenderId;
                continue;
            }

            // Silent to us as well: most likely the same partition, seen a tick earlier by the sender.
            if (_peers.TryGetValue(id, out var gone) && time.GetElapsedTime(gone.LastHeard) >= detection.SuspectAfter) RememberLost(gone);
            changed |= Remove(id, $"reported gone by {view.SenderId}");
            AddTombstone(id);
        }

        // A view from a member we already buried is stale news from a zombie (e.g. the far side of a healed
        // partition); nothing in it may bring members back.
        if (_tombstones.ContainsKey(view.SenderId))
        {
            return changed;
        }

        var now = time.GetTimestamp();
        foreach (var member in view.Members)
        {
            if (member.Id == Self.Id || _tombstones.ContainsKey(member.Id))
            {
                continue;
            }

            if (_peers.TryGetValue(member.Id, out var known))
            {
                if (member.Id == view.SenderId)
                {
                    known.LastHeard = now;
                }

                continue;
            }

            changed |= Add(member, now);
        }

        return changed;
    }

    /// <summary>Removes a live peer and tombstones its id; true when it was live.</summary>
    public bool Remove(string id, string reason)
    {
        if (id == Self.Id)
        {
            return false;
        }

        AddTombstone(id);
        if (!_peers.Remove(id, out var peer))
        {
            return false;
        }

        _removedAddresses.Add(peer.Info.Address);
        Log.MemberRemoved(logger, id, peer.Info.Address, ClusterName, reason);
        return true;
    }

    /// <summary>Peers silent past the heartbeat expiration are removed; returns whether any was.</summary>
    public bool ExpireSilent()
    {
        var changed = false;
        foreach (var peer in _peers.Values.ToArray())
        {
            var silence = time.GetElapsedTime(peer.LastHeard);
            if (silence >= detection.HeartbeatExpiration)
            {
                RememberLost(peer);
                changed |= Remove(peer.Info.Id, $"no news for {silence.TotalMilliseconds:0} ms (heartbeat expired)");
            }
        }

        return changed;
    }

    /// <summary>Peers silent for <see cref="FailureDetectionOptions.SuspectAfter"/> and not probed lately: probe them now.</summary>
    public IReadOnlyList<PeerState> SuspectsToProbe()
    {
        List<PeerState>? due = null;
        foreach (var peer in _peers.Values)
        {
            if (time.GetElapsedTime(peer.LastHeard) >= detection.SuspectAfter && !peer.Probing
                && time.GetElapsedTime(peer.LastProbeStarted) >= detection.SuspectAfter / 2)
            {
                (due ??= []).Add(peer);
            }
        }

        return due ?? (IReadOnlyList<PeerState>)[];
    }

    /// <summary>A probe of <paramref name="peer"/> starts now.</summary>
    public long StartProbe(PeerState peer)
    {
        peer.Probing = true;
        peer.LastProbeStarted = time.GetTimestamp();
        return peer.LastProbeStarted;
    }

    /// <summary>
    /// A probe that began at <paramref name="started"/> ended; a refused connection removes the peer if it is still the
    /// same live member and nothing was heard from it since. Returns whether it was removed.
    /// </summary>
    public bool ProbeEnded(PeerState peer, long started, ProbeOutcome outcome)
    {
        peer.Probing = false;
        if (!_peers.TryGetValue(peer.Info.Id, out var current) || current != peer || peer.LastHeard > started || outcome != ProbeOutcome.Refused)
        {
            return false;
        }

        return Remove(peer.Info.Id, $"silent for {time.GetElapsedTime(peer.LastHeard).TotalMilliseconds:0} ms and its port refuses connections (process gone)");
    }

    public void PruneTombstones()
    {
        if (_tombstones.Count == 0)
        {
            return;
        }

        foreach (var (id, at) in _tombstones.ToArray())
        {
            if (time.GetElapsedTime(at) >= tombstoneRetention)
            {
                _tombstones.Remove(id);
            }
        }
    }

    /// <summary>The live set to give Proto, or null when it is the one given last (Proto blocks every id that drops out).</summary>
    public List<Proto.Cluster.Member>? TopologyToPublish()
    {
        var key = string.Join(',', _peers.Keys.Append(Self.Id).Order(StringComparer.Ordinal));
        if (key == _publishedKey)
        {
            return null;
        }

        _publishedKey = key;
        _removedAddresses.Clear();
        var members = new List<Proto.Cluster.Member>(_peers.Count + 1) { Self.ToProto() };
        members.AddRange(_peers.Values.Select(peer => peer.Info.ToProto()));
        return members;
    }

    public MembershipView Snapshot()
    {
        var members = new MemberInfo[_peers.Count + 1];
        members[0] = Self;
        var i = 1;
        foreach (var peer in _peers.Values)
        {
            members[i++] = peer.Info;
        }

        return new MembershipView(ClusterName, Self.Id, members, _tombstones.Keys.ToArray());
    }

    private bool Add(MemberInfo member, long now)
    {
        // One member per address, the youngest, as Proto's topology builder does: a process restarted on a
        // fixed port replaces its predecessor, and the predecessor's id is tombstoned so it never returns.
        if (member.Address == Self.Address)
        {
            if (Self.IsYoungerThan(member))
            {
                AddTombstone(member.Id);
            }
            else
            {
                Log.YoungerAtOwnAddress(logger, member.Id, member.Address);
            }

            return false;
        }

        var sameAddress = _peers.Values.FirstOrDefault(p => p.Info.Address == member.Address);
        if (sameAddress is not null)
        {
            if (!member.IsYoungerThan(sameAddress.Info))
            {
                AddTombstone(member.Id);
                return false;
            }

            Remove(sameAddress.Info.Id, $"replaced by {member.Id}, a newer process at the same address");
        }

        if (_removedAddresses.Contains(member.Address))
        {
            // Learnt again from the next view, once Proto has seen the old incarnation leave (see _removedAddresses).
            return sameAddress is not null;
        }

        ForgetLostAt(member.Address);
        _peers[member.Id] = new PeerState(member, now);
        Log.MemberJoined(logger, member.Id, member.Address, ClusterName);
        return true;
    }

    private void AddTombstone(string id)
    {
        if (id != Self.Id)
        {
            _tombstones.TryAdd(id, time.GetTimestamp());
        }
    }
}
