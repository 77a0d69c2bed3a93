using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;
using Sworm.Lifecycle;

namespace Sworm.Membership;

/// <summary>
/// The membership of one member as an actor: every gossip interval it sends its view to every peer (full mesh),
/// merges the views it receives, probes silent peers, and tells Proto whenever the live set changes. The rules
/// (merge, tombstones, expiry, probe outcomes) live in <see cref="MembershipState"/>; this actor does the I/O. All
/// state is touched only from the actor's own mailbox, so no locks.
/// </summary>
internal sealed partial class MembershipActor(
    Proto.Cluster.Cluster cluster, SeedNodeOptions options, MembershipState state, ILogger logger, Action<string, IReadOnlyList<string>>? removedFromCluster = null) : IActor
{
    // The reason Proto 1.8's gossiper gives when it blocks a member that announced its graceful leave.
    /// <summary>The reason Proto's gossip gives when it blocks a member that left gracefully.</summary>
    internal const string ProtoGracefullyLeft = "Gracefully left";

    /// <summary>Well-known name, so a member can address any other one knowing only its host:port.</summary>
    public const string ActorName = "$sworm-membership";

    private bool _active;
    private bool _leaving;
    private bool _declaredDead;
    private CancellationTokenSource? _ticks;
    private long _lastTick;
    private long _stallMark;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                ProcessStallMonitor.EnsureStarted();
                _stallMark = ProcessStallMonitor.StalledTicks;
                _ticks = SystemTimers.SendRepeatedly(context, options.FailureDetection.GossipInterval, GossipTick.Instance);
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
            case LeaveIntent intent:
                // Marked only while it is a member (a late intent would leave a mark no removal ever takes).
                if (intent.ClusterName == state.ClusterName && state.TryGetPeer(intent.MemberId, out _))
                    cluster.System.EventStream.Publish(new MemberLeftGracefully(intent.MemberId));
                if (context.Sender is not null) context.Respond(new LeaveAck(state.Self.Id)); // a plain intent wants none
                break;
            case LeaveNotice leave:
                if (leave.ClusterName == state.ClusterName && state.TryGetPeer(leave.MemberId, out _))
                    cluster.System.EventStream.Publish(new MemberLeftGracefully(leave.MemberId));
                if (leave.ClusterName == state.ClusterName && state.Remove(leave.MemberId, "left the cluster gracefully")) Publish();
                break;
            case PeerBlocked blocked when blocked.MemberId == state.Self.Id:
                // What Proto's own handler (detached, see ProtoBlockedHandler) did: a blocked member cannot stay.
                ShutDownSelf($"this member was blocked ({blocked.Reason})");
                break;
            case PeerBlocked blocked:
                // Proto's gossip can report a graceful leave before the leaver's LeaveNotice arrives: still a leave.
                if (blocked.Reason == ProtoGracefullyLeft && state.TryGetPeer(blocked.MemberId, out _))
                {
                    cluster.System.EventStream.Publish(new MemberLeftGracefully(blocked.MemberId));
                }

                if (state.Remove(blocked.MemberId, $"blocked by Proto ({blocked.Reason})")) Publish();
                break;
            case Activate activate:
                if (activate.SeedView is { } seedView) Merge(seedView);
                state.RestartClocks();
                _active = true;
                Publish();
                context.Respond(state.Snapshot());
                break;
            case MembershipViewRequest:
                context.Respond(state.Snapshot());
                break;
            case BeginLeave:
                _leaving = true;
                _ticks?.Cancel();
                context.Respond(state.Snapshot());
                break;
        }

        return Task.CompletedTask;
    }

    private void OnView(MembershipView view)
    {
        if (_leaving || view.SenderId == state.Self.Id) return;
        if (view.ClusterName != state.ClusterName)
        {
            Log.ForeignView(logger, view.SenderId, view.ClusterName);
            return;
        }

        if (Merge(view)) Publish();
    }

    private void OnJoin(IContext context, JoinRequest join)
    {
        var view = join.View;
        if (_leaving || _declaredDead)
        {
            // A member on its way out (leaving, or removed and about to rejoin under a new identity) must not admit
            // anyone: the joiner would end up in a cluster of one once this incarnation is gone. It tries the next seed.
            context.Respond(new JoinReply(false, _leaving ? "the seed is leaving the cluster" : "the seed was removed from the cluster and is rejoining it", null));
            return;
        }

        if (view.ClusterName != state.ClusterName)
        {
            context.Respond(new JoinReply(false, $"the seed belongs to cluster '{state.ClusterName}', the joiner asked for '{view.ClusterName}'", null));
            return;
        }

        if (state.IsTombstoned(view.SenderId))
        {
            context.Respond(new JoinReply(false, $"member id {view.SenderId} was removed from the cluster and cannot come back; restart the process", null));
            return;
        }

        Merge(view);
        // Publish before answering, so that when the joiner's start returns the seed already lists it.
        Publish();
        context.Respond(new JoinReply(true, null, state.Snapshot()));
    }

    private bool Merge(MembershipView view)
    {
        var changed = state.Merge(view, out var declaredDeadBy);
        if (declaredDeadBy is not null) ShutDownSelf($"declared dead by {declaredDeadBy}");
        return changed;
    }

    private void ShutDownSelf(string reason, IReadOnlyList<string>? joinThrough = null)
    {
        if (_declaredDead || _leaving) return;
        _declaredDead = true;
        // The others have removed us for good (Proto blocks the id), so staying up would be a member nobody
        // routes to. The member comes back as a new incarnation (a new id) when its host can do that; otherwise do
        // what Proto does when it finds itself blocked: shut down. Not awaited: either stops this very actor.
        if (removedFromCluster is not null)
        {
            Log.RejoiningRemoved(logger, state.Self.Id, reason);
            removedFromCluster(reason, joinThrough ?? []);
            return;
        }

        Log.ShuttingDownRemoved(logger, state.Self.Id, reason);
        SwormDiagnostics.Of(cluster.System)?.Raise(new MemberRemoved(state.Self.Id, state.Self.Address, reason));
        _ = Task.Run(() => cluster.ShutdownAsync(graceful: false, "Removed from the cluster: " + reason));
    }

    private void OnTick(IContext context)
    {
        var now = Stopwatch.GetTimestamp();
        var sinceLastTick = _lastTick == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_lastTick, now);
        _lastTick = now;
        CreditLocalStall();
        if (!_active || _leaving) return;

        // Cluster.ShutdownAsync sets Stopping first, then announces the leave through Proto's gossip and waits
        // before it calls our ShutdownAsync. Proto's gossip actor can lag by seconds (its requests time out
        // after 2 s), so tell the peers ourselves as soon as we see it. Proto treats every shutdown as a
        // leave (it gossips "left" for non-graceful ones too), and so do we here.
        if (cluster.MemberList.Stopping)
        {
            _leaving = true;
            var notice = new LeaveNotice(state.ClusterName, state.Self.Id);
            foreach (var peer in state.Peers) context.Send(new PID(peer.Info.Address, ActorName), notice);
            Log.StoppingToldPeers(logger, state.Self.Id, state.Peers.Count);
            return;
        }

        // Ticks come every gossip interval. A tick far later than that means this member itself was not running
        // (a long GC pause, SIGSTOP, a paused VM): the silence it measured is its own, not its peers'. Judging
        // them now would remove every peer (and make Proto block them); instead restart their clocks and tell
        // them we are back. If they removed us meanwhile, Proto refuses our connection as blocked and we rejoin.
        if (sinceLastTick > options.FailureDetection.HeartbeatExpiration / 2)
        {
            Log.WasPaused(logger, state.Self.Id, (long)sinceLastTick.TotalMilliseconds);
            state.RestartClocks();
            SendView(context);
            return;
        }

        var changed = false;
        foreach (var peer in state.Peers.ToArray())
        {
            if (cluster.Remote.BlockList.IsBlocked(peer.Info.Id)) changed |= state.Remove(peer.Info.Id, "blocked by Proto");
        }

        changed |= state.ExpireSilent();
        foreach (var suspect in state.SuspectsToProbe()) StartProbe(context, suspect);
        state.PruneTombstones();
        if (changed) Publish();

        WatchLost(context);
        CheckSeedsWhenAlone(context);
        SendView(context);
    }

    /// <summary>Time this process could not run (starved pool, GC) is not the peers' silence: see <see cref="ProcessStallMonitor"/>.</summary>
    private void CreditLocalStall()
    {
        // The total can dip for a moment while a probe hands its lateness over; only growth counts.
        var stalled = ProcessStallMonitor.StalledTicks;
        if (stalled <= _stallMark) return;
        var stall = Stopwatch.GetElapsedTime(_stallMark, stalled);
        _stallMark = stalled;
        state.CreditLocalStall(stall);
        if (stall >= options.FailureDetection.SuspectAfter) Log.CreditedStall(logger, state.Self.Id, (long)stall.TotalMilliseconds);
    }

    private void SendView(IContext context)
    {
        var view = state.Snapshot();
        foreach (var peer in state.Peers) context.Send(new PID(peer.Info.Address, ActorName), view);
    }

    private void StartProbe(IContext context, PeerState peer)
    {
        var started = state.StartProbe(peer);
        var probe = TcpProbe.ProbeAsync(peer.Info.Host, peer.Info.Port, options.FailureDetection.ProbeTimeout);
        context.ReenterAfter(probe, task =>
        {
            if (_leaving)
            {
                peer.Probing = false;
            }
            else if (state.ProbeEnded(peer, started, task.Result))
            {
                Publish();
            }
            else if (task.Result != ProbeOutcome.Refused)
            {
                Log.SilentButListening(logger, peer.Info.Id, task.Result);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Tells Proto the live set, only when it changed (Proto blocks every id that drops out).</summary>
    private void Publish()
    {
        if (!_active || _leaving || state.TopologyToPublish() is not { } members) return;
        Log.PublishingTopology(logger, members.Count);
        cluster.MemberList.UpdateClusterTopology(members);
    }
}
