using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Workers;

namespace Sworm.Registry;

/// <summary>
/// Read first in this folder. One per sworm per member (named <c>$sworm/{sworm}</c>). It is the source of truth
/// for the part of the registry that lives on this member — the names and groups of this member's processes
/// (<see cref="LocalNames"/>) — and the single writer of this member's <see cref="RegistryReplica"/>.
///
/// Replication: every change to this member's part gets the next sequence number and is applied locally at
/// once (read-your-writes), then sent to the registry actor of every other member that runs the sworm
/// (<see cref="ReplicationOutbox"/>). A receiver applies a member's deltas in sequence; on a gap, or when it first
/// sees the member, it asks for a snapshot of that member's part and replaces it (<see cref="ReplicationInbox"/>).
/// When a member leaves the topology, its part is dropped everywhere. So the live processes stay the source of
/// truth and every index can be rebuilt. This actor does only the I/O: watches, sends, timers.
/// </summary>
internal sealed partial class RegistryActor : IActor
{
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(1);

    private readonly SwormSettings _settings;
    private readonly RegistryReplica _replica;
    private readonly SwormTopology _topology;
    private readonly ReplicationOutbox _outbox;
    private readonly ReplicationInbox _inbox;
    private readonly LocalNames _local;
    private readonly List<PID> _awaitingSync = [];
    private readonly List<(PID Sender, AwaitApplied Request)> _awaitingApplied = [];
    private Member[] _peers = [];
    private bool _flushScheduled;
    private EventStreamSubscription<object>? _topologySubscription;
    private CancellationTokenSource? _resyncTimer;

    public RegistryActor(SwormSettings settings, RegistryReplica replica, SwormTopology topology)
    {
        _settings = settings;
        _replica = replica;
        _topology = topology;
        _outbox = new ReplicationOutbox(topology.SelfId, replica);
        _inbox = new ReplicationInbox(replica);
        _local = new LocalNames(_outbox);
    }

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                _topologySubscription = _topology.Subscribe(context.Self);
                _resyncTimer = SystemTimers.SendRepeatedly(context, ResyncInterval, ResyncTick.Instance);
                OnTopologyMembers(context, _topology.Members(), joined: null);
                break;
            case PublishWorker publish:
                // Not watched: the worker's delegate, its parent, reports its stop (WorkerStopped).
                _local.PublishWorker(publish.Name, publish.Pid);
                NoteArrival(publish);
                if (publish.Spec is { } spec)
                {
                    PublishWithSpec(context, publish, spec);
                }
                else
                {
                    new Answer<Published>(context.Sender, publish.Reply).Give(context, Published(true));
                }

                break;
            case ForgetSpec forget:
                _outbox.Carry(new CarriedSpec(forget.Name, null));
                break;
            case SpecsAcknowledged acknowledged:
                OnSpecsAcknowledged(context, acknowledged.Sequence, acknowledged.Holder);
                break;
            case TrackProcess track:
                OnTrackProcess(context, track);
                break;
            case UnpublishName unpublish:
                if (_local.Unpublish(unpublish.Name, unpublish.Pid) is { } unused)
                {
                    context.Unwatch(unused);
                }

                if (context.Sender is not null)
                {
                    context.Respond(Published(true));
                }

                break;
            case HoldMovingName hold:
                context.Respond(new MovingNameHeld(_local.HoldMoving(hold.Name, hold.Pid)));
                break;
            case PointMovedName moved:
                context.Respond(Published(_local.PointMoved(moved.Name, moved.From, moved.To)));
                break;
            case ProbeProcess probe:
                // Answered here, not by the process: a busy process must not look dead.
                context.Respond(new ProcessProbed(!context.System.HasStopped(probe.Pid)));
                break;
            case AwaitApplied awaitApplied:
                _awaitingApplied.Add((context.Sender!, awaitApplied));
                break;
            case ChangeGroup change:
                var accepted = _local.ChangeGroup(change.Group, change.Pid, change.Join) is not null;
                context.Respond(new GroupChanged(accepted, _outbox.Source, accepted ? _outbox.LastSequence : 0));
                break;
            case Terminated terminated:
                OnProcessStopped(context, terminated.Who);
                break;
            case WorkerStopped stopped:
                OnProcessStopped(context, stopped.Pid);
                break;
            case RegistryDelta delta:
                SwormDiagnostics.Of(context.System)?.Instruments.ReplicationApplied(_settings.Name, delta.SentAt);
                ForwardSpecs(context, delta); // even when the delta waits for a snapshot: the store does not care about its order
                if (_inbox.Receive(delta))
                {
                    RequestSnapshot(context, delta.Source);
                }

                break;
            case AwaitRegistrySynced:
                _awaitingSync.Add(context.Sender!);
                break;
            case RegistryHead head:
                if (IsPeer(head.Source) && _inbox.IsBehind(head))
                {
                    _inbox.NeedSnapshot(head.Source);
                    RequestSnapshot(context, head.Source);
                }

                break;
            case RegistrySnapshotRequest:
                context.Respond(_local.Snapshot());
                break;
            case RegistrySnapshot snapshot:
                if (IsPeer(snapshot.Source)) // else it left meanwhile
                {
                    _inbox.Receive(snapshot);
                }

                break;
            case ApplyEarly early:
                KeepCopyOfMissingDelta(context, early);
                _replica.ApplyEarly(early.Source, early.Sequence, early.Change);
                context.Respond(early);
                break;
            case ClusterTopology topology:
                foreach (var left in topology.Left)
                {
                    _inbox.Forget(left.Id, removeFromReplica: true);
                }

                OnTopologyMembers(context, MembersOfKind(topology), topology.Joined);
                StopWorkersBelowQuorum(context);
                if (topology.Left.Count > 0)
                {
                    ReleaseUnacknowledgedCopies(context);
                }

                break;
            case HoldExpired:
                _holdTimerArmed = false; // ScheduleFlush below sends what the hold kept back, or arms it again for a later hold
                break;
            case FlushPending:
                _flushScheduled = false;
                Flush(context);
                break;
            case ResyncTick:
                SendHead(context, _peers);
                ReleaseUnacknowledgedCopies(context);
                ResolveConflicts(context);
                StopWorkersBelowQuorum(context);
                foreach (var source in _inbox.Unsynced.ToArray())
                {
                    RequestSnapshot(context, source);
                }

                break;
            case Stopping:
                _topologySubscription?.Unsubscribe();
                _holdTimer?.Dispose();
                _resyncTimer?.Cancel();
                AnswerAllCopies(context);
                break;
        }

        ScheduleFlush(context);
        AnswerSynced(context);
        AnswerApplied(context);
        return Task.CompletedTask;
    }

    /// <summary>A leaving member waits until every peer has seen its moved names point at their successors (handoff).</summary>
    private void AnswerApplied(IContext context)
    {
        for (var i = _awaitingApplied.Count - 1; i >= 0; i--)
        {
            var (sender, request) = _awaitingApplied[i];
            if (_replica.AppliedSequence(request.Source) >= request.Sequence || !IsPeer(request.Source))
            {
                context.Send(sender, new AppliedUpTo(_replica.AppliedSequence(request.Source)));
                _awaitingApplied.RemoveAt(i);
            }
        }
    }

    private Published Published(bool accepted) => new(accepted, _outbox.Source, _outbox.LastSequence);

    private Published Tracked(bool accepted) => new(accepted, _outbox.Source, _outbox.LastSequence, _local.ClaimGeneration);

    private void OnTrackProcess(IContext context, TrackProcess track)
    {
        if (track.Pid.Address != context.System.Address || context.System.ProcessRegistry.Get(track.Pid) is DeadLetterProcess)
        {
            context.Respond(new Published(false, _outbox.Source, 0));
            return;
        }

        if (track.ExistingOnly)
        {
            var repointed = _local.Repoint(track.Name, track.Pid, track.Notify, out var previous);
            if (previous is not null)
            {
                // Two delegates for one name for a moment (the owner changed): the one that let go must not answer
                // for the claim later, when the name comes back to it.
                context.Send(previous, new ClaimAdopted(track.Name, track.Pid, _local.ClaimGeneration));
            }

            context.Respond(Tracked(repointed));
            return;
        }

        WatchIf(context, _local.Claim(track.Name, track.Pid, track.Notify), track.Pid);
        context.Respond(Tracked(true));
    }

    private void OnProcessStopped(IContext context, PID pid)
    {
        foreach (var (name, notify) in _local.Stopped(pid))
        {
            context.Send(notify, new TrackedProcessStopped(name, pid));
        }
    }

    private static void WatchIf(IContext context, bool isNew, PID pid)
    {
        if (isNew)
        {
            context.Watch(pid);
        }
    }

    private void AnswerSynced(IContext context)
    {
        if (_awaitingSync.Count > 0 && _inbox.IsSynced)
        {
            foreach (var waiter in _awaitingSync)
            {
                context.Send(waiter, new RegistrySynced());
            }

            _awaitingSync.Clear();
        }
    }

    /// <summary>
    /// Changes go out once the messages already in the mailbox are handled, so a burst of registrations
    /// travels as one delta per peer instead of one per name, and an idle registry still sends at once; while a sent
    /// delta's copies await their acknowledgement they wait for it (<see cref="HoldsFlush"/>), which then sends them.
    /// </summary>
    private void ScheduleFlush(IContext context)
    {
        if (_outbox.HasPending && !_flushScheduled && !HoldsFlush(context))
        {
            _flushScheduled = true;
            context.Send(context.Self, FlushPending.Instance);
        }
    }

    private sealed record ResyncTick
    {
        public static readonly ResyncTick Instance = new();
    }

    private sealed record FlushPending
    {
        public static readonly FlushPending Instance = new();
    }
}
