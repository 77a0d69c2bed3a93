using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Timers;

namespace Sworm.Membership;

/// <summary>
/// The membership state of one member: the live members it knows, the ids it knows to be gone, and when it last
/// heard from each peer. Every gossip interval it sends its view to every peer (full mesh), merges the views it
/// receives, removes members that fell silent or whose port refuses connections, and tells Proto whenever the
/// live set changes. All state is touched only from the actor's own mailbox, so no locks.
/// </summary>
internal sealed class MembershipActor : IActor
{
    /// <summary>Well-known name, so a member can address any other one knowing only its host:port.</summary>
    public const string ActorName = "$sworm-membership";

    private static readonly ILogger Logger = Log.CreateLogger<MembershipActor>();

    private readonly Proto.Cluster.Cluster _cluster;
    private readonly SeedNodeOptions _options;
    private readonly MemberInfo _self;
    private readonly string _clusterName;
    private readonly Dictionary<string, PeerState> _peers = new(StringComparer.Ordinal);

    // Id -> Stopwatch timestamp when we learnt it is gone. A tombstone beats any view that still lists the id,
    // which is what stops a member that lags behind from resurrecting a dead one.
    private readonly Dictionary<string, long> _tombstones = new(StringComparer.Ordinal);

    private bool _active;
    private bool _leaving;
    private bool _declaredDead;
    private string _publishedKey = "";
    private CancellationTokenSource? _ticks;

    public MembershipActor(Proto.Cluster.Cluster cluster, SeedNodeOptions options, MemberInfo self)
    {
        _cluster = cluster;
        _options = options;
        _self = self;
        _clusterName = cluster.Config.ClusterName;
    }

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                _ticks = context.Scheduler().SendRepeatedly(_options.GossipInterval, context.Self, GossipTick.Instance);
                break;
            case Stopping:
                _ticks?.Cancel();
                break;
            case GossipTick:
                OnTick(context);
                break;
            case MembershipView view:
                OnView(view);
                break;
            case JoinRequest join:
                OnJoin(context, join);
                break;
            case LeaveNotice leave:
                OnLeave(context, leave);
                break;
            case PeerBlocked blocked when blocked.MemberId == _self.Id:
                // What Proto's own handler (detached, see ProtoBlockedHandler) did: a blocked member cannot stay.
                ShutDownSelf($"this member was blocked ({blocked.Reason})");
                break;
            case PeerBlocked blocked:
                if (Remove(blocked.MemberId, $"blocked by Proto ({blocked.Reason})")) Publish();
                break;
            case Activate activate:
                OnActivate(context, activate);
                break;
            case SnapshotRequest:
                context.Respond(Snapshot());
                break;
            case BeginLeave:
                _leaving = true;
                _ticks?.Cancel();
                context.Respond(Snapshot());
                break;
        }
        return Task.CompletedTask;
    }

    private void OnActivate(IContext context, Activate activate)
    {
        if (activate.SeedView is { } seedView) Merge(seedView);

        // Time spent joining must not count as silence: start every peer's clock now.
        var now = Stopwatch.GetTimestamp();
        foreach (var peer in _peers.Values) peer.LastHeard = now;
        _active = true;
        Publish();
        context.Respond(Snapshot());
    }

    private void OnView(MembershipView view)
    {
        if (_leaving || view.SenderId == _self.Id) return;
        if (view.ClusterName != _clusterName)
        {
            Logger.LogDebug("Ignoring a membership view from {Sender} of cluster {Other}", view.SenderId, view.ClusterName);
            return;
        }
        if (Merge(view)) Publish();
    }

    private void OnJoin(IContext context, JoinRequest join)
    {
        var view = join.View;
        if (_leaving)
        {
            context.Respond(new JoinReply(false, "the seed is leaving the cluster", null));
            return;
        }
        if (view.ClusterName != _clusterName)
        {
            context.Respond(new JoinReply(false,
                $"the seed belongs to cluster '{_clusterName}', the joiner asked for '{view.ClusterName}'", null));
            return;
        }
        if (_tombstones.ContainsKey(view.SenderId))
        {
            context.Respond(new JoinReply(false,
                $"member id {view.SenderId} was removed from the cluster and cannot come back; restart the process", null));
            return;
        }
        Merge(view);
        // Publish before answering, so that when the joiner's start returns the seed already lists it.
        Publish();
        context.Respond(new JoinReply(true, null, Snapshot()));
    }

    private void OnLeave(IContext context, LeaveNotice leave)
    {
        if (leave.ClusterName == _clusterName && Remove(leave.MemberId, "left the cluster gracefully")) Publish();
        // Notices sent as plain messages (when Proto marks the member stopping) expect no answer.
        if (context.Sender is not null)
        {
            context.Respond(new LeaveAck(_self.Id));
        }
    }

    /// <summary>Merges a view received from its sender; true when the live set may have changed.</summary>
    private bool Merge(MembershipView view)
    {
        var changed = false;
        foreach (var id in view.Tombstones)
        {
            if (id == _self.Id)
            {
                OnSelfDeclaredDead(view.SenderId);
                continue;
            }
            changed |= Remove(id, $"reported gone by {view.SenderId}");
            AddTombstone(id);
        }

        // A view from a member we already buried is stale news from a zombie (e.g. the far side of a healed
        // partition); nothing in it may bring members back.
        if (_tombstones.ContainsKey(view.SenderId)) return changed;

        var now = Stopwatch.GetTimestamp();
        foreach (var member in view.Members)
        {
            if (member.Id == _self.Id || _tombstones.ContainsKey(member.Id)) continue;
            if (_peers.TryGetValue(member.Id, out var known))
            {
                if (member.Id == view.SenderId) known.LastHeard = now;
                continue;
            }
            changed |= Add(member, now);
        }
        return changed;
    }

    private bool Add(MemberInfo member, long now)
    {
        // One member per address, the youngest, as Proto's topology builder does: a process restarted on a
        // fixed port replaces its predecessor, and the predecessor's id is tombstoned so it never returns.
        if (member.Address == _self.Address)
        {
            if (_self.IsYoungerThan(member)) AddTombstone(member.Id);
            else Logger.LogWarning("Member {Id} claims this member's address {Address} and is younger; this member is probably stale",
                member.Id, member.Address);
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
        _peers[member.Id] = new PeerState(member, now);
        Logger.LogInformation("Member {Id} at {Address} joined cluster {Cluster}", member.Id, member.Address, _clusterName);
        return true;
    }

    private bool Remove(string id, string reason)
    {
        if (id == _self.Id) return false;
        AddTombstone(id);
        if (!_peers.Remove(id, out var peer)) return false;
        Logger.LogInformation("Member {Id} at {Address} removed from cluster {Cluster}: {Reason}",
            id, peer.Info.Address, _clusterName, reason);
        return true;
    }

    private void AddTombstone(string id)
    {
        if (id != _self.Id) _tombstones.TryAdd(id, Stopwatch.GetTimestamp());
    }

    private void OnSelfDeclaredDead(string reporter) => ShutDownSelf($"declared dead by {reporter}");

    private void ShutDownSelf(string reason)
    {
        if (_declaredDead || _leaving) return;
        _declaredDead = true;
        // The others have removed us for good (Proto blocks the id), so staying up would be a member nobody
        // routes to. Do what Proto does when it finds itself blocked: shut down; the host restarts the process,
        // which then joins with a new id. Not awaited: the shutdown stops this very actor.
        Logger.LogWarning("Member {Id} was {Reason}; shutting down so the process can rejoin with a new id", _self.Id, reason);
        _ = Task.Run(() => _cluster.ShutdownAsync(graceful: false, "Removed from the cluster: " + reason));
    }

    private void OnTick(IContext context)
    {
        if (!_active || _leaving) return;

        // Cluster.ShutdownAsync sets Stopping first, then announces the leave through Proto's gossip and waits
        // before it calls our ShutdownAsync. Proto's gossip actor can lag by seconds (its requests time out
        // after 2 s), so tell the peers ourselves as soon as we see it. Proto treats every shutdown as a
        // leave (it gossips "left" for non-graceful ones too), and so do we here.
        if (_cluster.MemberList.Stopping)
        {
            _leaving = true;
            var notice = new LeaveNotice(_clusterName, _self.Id);
            foreach (var peer in _peers.Values)
                context.Send(new PID(peer.Info.Address, ActorName), notice);
            Logger.LogDebug("Member {Id} is stopping; told {Count} peers", _self.Id, _peers.Count);
            return;
        }

        var changed = false;
        foreach (var peer in _peers.Values.ToArray())
        {
            var id = peer.Info.Id;
            if (_cluster.Remote.BlockList.IsBlocked(id))
            {
                changed |= Remove(id, "blocked by Proto");
                continue;
            }
            var silence = Stopwatch.GetElapsedTime(peer.LastHeard);
            if (silence >= _options.HeartbeatExpiration)
            {
                changed |= Remove(id, $"no news for {silence.TotalMilliseconds:0} ms (heartbeat expired)");
                continue;
            }
            if (silence >= _options.SuspectAfter && !peer.Probing &&
                Stopwatch.GetElapsedTime(peer.LastProbeStarted) >= _options.SuspectAfter / 2)
            {
                StartProbe(context, peer);
            }
        }

        PruneTombstones();
        if (changed) Publish();

        var view = Snapshot();
        foreach (var peer in _peers.Values)
            context.Send(new PID(peer.Info.Address, ActorName), view);
    }

    private void StartProbe(IContext context, PeerState peer)
    {
        peer.Probing = true;
        var started = Stopwatch.GetTimestamp();
        peer.LastProbeStarted = started;
        var probe = TcpProbe.ProbeAsync(peer.Info.Host, peer.Info.Port, _options.ProbeTimeout);
        context.ReenterAfter(probe, task =>
        {
            peer.Probing = false;
            // Still the same live member, and nothing heard from it since the probe began?
            if (_leaving || !_peers.TryGetValue(peer.Info.Id, out var current) || current != peer || peer.LastHeard > started)
                return Task.CompletedTask;
            if (task.Result == ProbeOutcome.Refused &&
                Remove(peer.Info.Id, $"silent for {Stopwatch.GetElapsedTime(peer.LastHeard).TotalMilliseconds:0} ms and its port refuses connections (process gone)"))
            {
                Publish();
            }
            else if (task.Result != ProbeOutcome.Refused)
            {
                Logger.LogDebug("Member {Id} is silent but its port probe said {Outcome}", peer.Info.Id, task.Result);
            }
            return Task.CompletedTask;
        });
    }

    private void PruneTombstones()
    {
        if (_tombstones.Count == 0) return;
        List<string>? expired = null;
        foreach (var (id, at) in _tombstones)
        {
            if (Stopwatch.GetElapsedTime(at) >= _options.TombstoneRetention) (expired ??= []).Add(id);
        }
        if (expired is null) return;
        foreach (var id in expired) _tombstones.Remove(id);
    }

    /// <summary>Tells Proto the live set, only when it changed (Proto blocks every id that drops out).</summary>
    private void Publish()
    {
        if (!_active || _leaving) return;
        var ids = _peers.Keys.Append(_self.Id).Order(StringComparer.Ordinal);
        var key = string.Join(',', ids);
        if (key == _publishedKey) return;
        _publishedKey = key;
        var members = new List<Proto.Cluster.Member>(_peers.Count + 1) { _self.ToProto() };
        foreach (var peer in _peers.Values) members.Add(peer.Info.ToProto());
        Logger.LogDebug("Publishing topology of {Count} members: {Members}", members.Count, key);
        _cluster.MemberList.UpdateClusterTopology(members);
    }

    private MembershipView Snapshot()
    {
        var members = new MemberInfo[_peers.Count + 1];
        members[0] = _self;
        var i = 1;
        foreach (var peer in _peers.Values) members[i++] = peer.Info;
        return new MembershipView(_clusterName, _self.Id, members, _tombstones.Keys.ToArray());
    }
}
