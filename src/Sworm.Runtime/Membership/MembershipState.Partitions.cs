namespace Sworm.Membership;

/// <summary>
/// Healing partitions, the rules without I/O. Members removed by heartbeat expiration are remembered as
/// <see cref="LostMember"/>s (with the membership before) and TCP-probed by the actor; once one has answered for
/// a stable while, both sides apply <see cref="MergeRule"/> to the same facts and the losing side rejoins the other.
/// Their addresses are quarantined meanwhile: no Proto traffic may go there, because Proto's connect handshake
/// exchanges block lists and takes down the member it reaches (docs/partitions-investigation.md, cause 4).
/// </summary>
internal sealed partial class MembershipState
{
    private readonly Dictionary<string, LostMember> _lost = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LostMember> Lost => _lost.Values;

    /// <summary>Whether <paramref name="address"/> belongs to a member removed by expiration and not yet merged back.</summary>
    public bool IsQuarantined(string address) => _lost.Values.Any(l => l.Info.Address == address);

    /// <summary>Called before a peer is removed by heartbeat expiration: remember it and the membership just before.</summary>
    private void RememberLost(PeerState peer)
    {
        var before = new List<MemberInfo>(_peers.Count + _lost.Count + 1) { Self };
        before.AddRange(_peers.Values.Select(p => p.Info));
        before.AddRange(_lost.Values.Select(l => l.Info));
        _lost[peer.Info.Id] = new LostMember(peer.Info, time.GetTimestamp(), before);
    }

    /// <summary>A member joined at <paramref name="address"/> (a new incarnation): whatever was lost there is merged back.</summary>
    private void ForgetLostAt(string address)
    {
        foreach (var lost in _lost.Values.Where(l => l.Info.Address == address).ToArray())
        {
            _lost.Remove(lost.Info.Id);
        }
    }

    /// <summary>Lost members due a probe: not probing, last probe at least <paramref name="interval"/> ago.</summary>
    public IReadOnlyList<LostMember> LostToProbe(TimeSpan interval)
    {
        var now = time.GetTimestamp();
        var due = _lost.Values.Where(l => !l.Probing && (l.LastProbeStarted == 0 || time.GetElapsedTime(l.LastProbeStarted, now) >= interval)).ToList();
        foreach (var lost in due)
        {
            lost.Probing = true;
            lost.LastProbeStarted = now;
        }

        return due;
    }

    /// <summary>Records a probe of a lost member. Only a listening port counts as the link being back.</summary>
    public void LostProbeEnded(LostMember lost, ProbeOutcome outcome)
    {
        lost.Probing = false;
        lost.Listening = outcome == ProbeOutcome.Listening;
        if (!lost.Listening)
        {
            lost.ListeningSince = 0;
        }
        else if (lost.ListeningSince == 0)
        {
            lost.ListeningSince = time.GetTimestamp();
        }
    }

    /// <summary>
    /// The merge decision once the link has been back for <paramref name="stableFor"/> (a flapping link never decides):
    /// null while undecided or when this side wins (the winners do nothing: the losers join them); otherwise the
    /// addresses of the other side's members, to rejoin through.
    /// </summary>
    public MergeOutcome? DecideMerge(TimeSpan stableFor)
    {
        var now = time.GetTimestamp();
        if (!_lost.Values.Any(l => l.ListeningSince != 0 && time.GetElapsedTime(l.ListeningSince, now) >= stableFor))
        {
            return null;
        }

        var before = _lost.Values.SelectMany(l => l.Before).DistinctBy(m => m.Id).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var theirs = _lost.Values.Where(l => l.Listening).Select(l => l.Info).ToList();
        var mine = _peers.Values.Select(p => p.Info).Append(Self).Where(m => before.ContainsKey(m.Id)).ToList();
        return new MergeOutcome(MergeRule.MySideLoses(mine, theirs), mine, theirs);
    }

    /// <summary>Removes every live peer (this member leaves its side alone).</summary>
    public void DropAllPeers(string reason)
    {
        foreach (var id in _peers.Keys.ToArray())
        {
            Remove(id, reason);
        }
    }

    /// <summary>Forgets lost members older than the tombstone retention (their side never came back).</summary>
    public void PruneLost()
    {
        foreach (var lost in _lost.Values.Where(l => time.GetElapsedTime(l.LostAt) >= tombstoneRetention).ToArray())
        {
            _lost.Remove(lost.Info.Id);
        }
    }
}
