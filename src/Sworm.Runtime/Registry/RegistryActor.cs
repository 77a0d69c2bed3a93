using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Protocol;

namespace Sworm.Registry;

/// <summary>
/// One per sworm per member (named <c>$sworm/{sworm}</c>). It is the source of truth for the part of the
/// registry that lives on this member — the names and groups of this member's processes — and the single
/// writer of this member's <see cref="RegistryReplica"/>.
///
/// Replication: every change to this member's part gets the next sequence number and is applied locally at
/// once (read-your-writes), then sent to the registry actor of every other member that runs the sworm.
/// A receiver applies a member's deltas in sequence; on a gap, or when it first sees the member, it asks
/// for a snapshot of that member's part and replaces it. When a member leaves the topology, its part is
/// dropped everywhere. So the live processes stay the source of truth and every index can be rebuilt.
/// </summary>
internal sealed partial class RegistryActor(SwormRuntime runtime) : IActor
{
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(1);

    private readonly RegistryReplica _replica = runtime.Replica;
    private readonly Dictionary<PID, TrackedProcess> _tracked = new();
    private readonly Dictionary<string, PID> _localNames = new(StringComparer.Ordinal);
    private readonly List<RegistryChange> _pending = [];
    private readonly HashSet<string> _unsyncedSources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RegistryDelta>> _bufferedDeltas = new(StringComparer.Ordinal);
    private readonly List<PID> _awaitingSync = [];
    private Member[] _peers = [];
    private string _self = "";
    private long _sequence;
    private bool _flushScheduled;
    private EventStreamSubscription<object>? _topologySubscription;
    private CancellationTokenSource? _resyncTimer;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                OnStarted(context);
                break;
            case PublishWorker publish:
                OnPublishWorker(context, publish);
                break;
            case TrackProcess track:
                OnTrackProcess(context, track);
                break;
            case UnpublishName unpublish:
                OnUnpublish(context, unpublish);
                break;
            case ChangeGroup change:
                OnChangeGroup(context, change);
                break;
            case Terminated terminated:
                OnTerminated(context, terminated.Who);
                break;
            case RegistryDelta delta:
                OnDelta(context, delta);
                break;
            case AwaitRegistrySynced:
                _awaitingSync.Add(context.Sender!);
                break;
            case SnapshotRequest:
                context.Respond(TakeSnapshot());
                break;
            case RegistrySnapshot snapshot:
                OnSnapshot(snapshot);
                break;
            case ApplyEarly early:
                _replica.ApplyEarly(early.Source, early.Sequence, early.Change);
                context.Respond(early);
                break;
            case ClusterTopology topology:
                OnTopology(context, topology);
                break;
            case FlushPending:
                _flushScheduled = false;
                Flush(context);
                break;
            case ResyncTick:
                foreach (var source in _unsyncedSources)
                {
                    RequestSnapshot(context, source);
                }

                break;
            case Stopping:
                _topologySubscription?.Unsubscribe();
                _resyncTimer?.Cancel();
                break;
        }

        ScheduleFlush(context);
        AnswerSynced(context);
        return Task.CompletedTask;
    }

    private void AnswerSynced(IContext context)
    {
        if (_awaitingSync.Count > 0 && _unsyncedSources.Count == 0)
        {
            foreach (var waiter in _awaitingSync)
            {
                context.Send(waiter, new RegistrySynced());
            }

            _awaitingSync.Clear();
        }
    }

    private void OnStarted(IContext context)
    {
        _self = context.System.Id;
        var self = context.Self;
        var system = context.System;
        _topologySubscription = system.EventStream.Subscribe<ClusterTopology>(topology => system.Root.Send(self, topology));
        _resyncTimer = PeriodicTick.Start(system, self, ResyncTick.Instance, ResyncInterval);
        OnTopologyMembers(context, context.System.Cluster().MemberList.GetMembersByKind(runtime.Kind), joined: null);
    }


    private void OnPublishWorker(IContext context, PublishWorker publish)
    {
        var process = Track(context, publish.Pid);
        process.WorkerNames.Add(publish.Name);
        SetLocalName(publish.Name, publish.Pid, claimed: false);
        context.Respond(new Published(true, _self, _sequence + _pending.Count));
    }

    private void OnTrackProcess(IContext context, TrackProcess track)
    {
        if (track.Pid.Address != context.System.Address || context.System.ProcessRegistry.Get(track.Pid) is DeadLetterProcess)
        {
            context.Respond(new Published(false, _self, 0));
            return;
        }

        if (track.Adopt)
        {
            // Only a claim this member still tracks can be adopted: an unregistered one stays gone.
            var adopted = _tracked.TryGetValue(track.Pid, out var claimant) && claimant.ClaimedNames.ContainsKey(track.Name);
            if (adopted)
            {
                claimant!.ClaimedNames[track.Name] = track.Delegate;
            }

            context.Respond(new Published(adopted, _self, _sequence + _pending.Count));
            return;
        }

        var process = Track(context, track.Pid);
        process.ClaimedNames[track.Name] = track.Delegate;
        SetLocalName(track.Name, track.Pid, claimed: true);
        context.Respond(new Published(true, _self, _sequence + _pending.Count));
    }

    private void OnUnpublish(IContext context, UnpublishName unpublish)
    {
        if (_localNames.TryGetValue(unpublish.Name, out var pid) && pid.Equals(unpublish.Pid))
        {
            _localNames.Remove(unpublish.Name);
            Emit(RegistryChangeKind.NameRemoved, unpublish.Name, pid);
            if (_tracked.TryGetValue(pid, out var process))
            {
                process.ClaimedNames.Remove(unpublish.Name);
                process.WorkerNames.Remove(unpublish.Name);
                ForgetIfUnused(context, process);
            }
        }

        if (context.Sender is not null)
        {
            context.Respond(new Published(true, _self, _sequence + _pending.Count));
        }
    }

    private void OnChangeGroup(IContext context, ChangeGroup change)
    {
        if (!_tracked.TryGetValue(change.Pid, out var process))
        {
            context.Respond(new GroupChanged(false, _self, 0));
            return;
        }

        if (change.Join ? process.Groups.Add(change.Group) : process.Groups.Remove(change.Group))
        {
            Emit(change.Join ? RegistryChangeKind.GroupJoined : RegistryChangeKind.GroupLeft, change.Group, change.Pid);
        }

        context.Respond(new GroupChanged(true, _self, _sequence + _pending.Count));
    }

    private void OnTerminated(IContext context, PID pid)
    {
        if (!_tracked.Remove(pid, out var process))
        {
            return;
        }

        foreach (var name in process.WorkerNames.Concat(process.ClaimedNames.Keys))
        {
            if (_localNames.TryGetValue(name, out var holder) && holder.Equals(pid))
            {
                _localNames.Remove(name);
                Emit(RegistryChangeKind.NameRemoved, name, pid);
            }
        }

        foreach (var group in process.Groups)
        {
            Emit(RegistryChangeKind.GroupLeft, group, pid);
        }

        // A claim's delegate may live on another member: tell it the name is free again.
        foreach (var (_, delegatePid) in process.ClaimedNames)
        {
            context.Send(delegatePid, new ReleaseClaim(pid));
        }
    }

    private TrackedProcess Track(IContext context, PID pid)
    {
        if (!_tracked.TryGetValue(pid, out var process))
        {
            process = new TrackedProcess(pid);
            _tracked[pid] = process;
            context.Watch(pid);
        }

        return process;
    }

    private void ForgetIfUnused(IContext context, TrackedProcess process)
    {
        if (process.IsEmpty)
        {
            foreach (var group in process.Groups)
            {
                Emit(RegistryChangeKind.GroupLeft, group, process.Pid);
            }

            _tracked.Remove(process.Pid);
            context.Unwatch(process.Pid);
        }
    }

    private void SetLocalName(string name, PID pid, bool claimed)
    {
        if (_localNames.TryGetValue(name, out var previous) && _tracked.TryGetValue(previous, out var previousProcess) && !previous.Equals(pid))
        {
            previousProcess.WorkerNames.Remove(name);
        }

        _localNames[name] = pid;
        Emit(claimed ? RegistryChangeKind.NameClaimed : RegistryChangeKind.NameAdded, name, pid);
    }

    private void Emit(RegistryChangeKind kind, string key, PID pid)
    {
        var change = new RegistryChange(kind, key, pid);
        _pending.Add(change);
        _replica.Apply(_self, _sequence + _pending.Count, change);
    }

    /// <summary>
    /// Changes go out once the messages already in the mailbox are handled, so a burst of registrations
    /// travels as one delta per peer instead of one per name, and an idle registry still sends at once.
    /// </summary>
    private void ScheduleFlush(IContext context)
    {
        if (_pending.Count > 0 && !_flushScheduled)
        {
            _flushScheduled = true;
            context.Send(context.Self, FlushPending.Instance);
        }
    }

    /// <summary>Sends the pending changes to every peer as one numbered delta.</summary>
    private void Flush(IContext context)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var delta = new RegistryDelta(_self, _sequence + 1, _pending.ToArray());
        _sequence += _pending.Count;
        _pending.Clear();
        foreach (var peer in _peers)
        {
            context.Send(RegistryAddress(peer.Address), delta);
        }
    }

    private void OnDelta(IContext context, RegistryDelta delta)
    {
        if (_unsyncedSources.Contains(delta.Source))
        {
            Buffer(delta);
            return;
        }

        var applied = _replica.AppliedSequence(delta.Source);
        if (delta.FirstSequence > applied + 1)
        {
            // A gap: something was lost or we never synced with this member. Rebuild its part.
            Buffer(delta);
            _unsyncedSources.Add(delta.Source);
            RequestSnapshot(context, delta.Source);
            return;
        }

        ApplyDelta(delta, applied);
    }

    private void ApplyDelta(RegistryDelta delta, long applied)
    {
        for (var i = 0; i < delta.Changes.Length; i++)
        {
            var sequence = delta.FirstSequence + i;
            if (sequence > applied)
            {
                _replica.Apply(delta.Source, sequence, delta.Changes[i]);
            }
        }
    }

    private void Buffer(RegistryDelta delta)
    {
        if (!_bufferedDeltas.TryGetValue(delta.Source, out var buffer))
        {
            _bufferedDeltas[delta.Source] = buffer = [];
        }

        buffer.Add(delta);
    }

    private void OnSnapshot(RegistrySnapshot snapshot)
    {
        if (!_peers.Any(p => p.Id == snapshot.Source))
        {
            return; // it left meanwhile
        }

        _replica.ApplySnapshot(snapshot);
        _unsyncedSources.Remove(snapshot.Source);
        if (_bufferedDeltas.Remove(snapshot.Source, out var buffered))
        {
            foreach (var delta in buffered)
            {
                ApplyDelta(delta, _replica.AppliedSequence(snapshot.Source));
            }
        }
    }

    private RegistrySnapshot TakeSnapshot()
    {
        var entries = new List<RegistryChange>(_localNames.Count);
        foreach (var (name, pid) in _localNames)
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

        return new RegistrySnapshot(_self, _sequence + _pending.Count, entries.ToArray());
    }

    private void OnTopology(IContext context, ClusterTopology topology)
    {
        foreach (var left in topology.Left)
        {
            _replica.RemoveSource(left.Id);
            _unsyncedSources.Remove(left.Id);
            _bufferedDeltas.Remove(left.Id);
        }

        OnTopologyMembers(context, topology.Members.Where(m => m.Kinds.Contains(runtime.Kind)).ToArray(), topology.Joined);
    }

    private void OnTopologyMembers(IContext context, Member[] members, IEnumerable<Member>? joined)
    {
        var before = _peers.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        _peers = members.Where(m => m.Id != _self).ToArray();
        foreach (var peer in _peers)
        {
            if (!before.Contains(peer.Id) || (joined?.Any(j => j.Id == peer.Id) ?? false))
            {
                _unsyncedSources.Add(peer.Id);
                RequestSnapshot(context, peer.Id);
            }
        }
    }

    private void RequestSnapshot(IContext context, string source)
    {
        var peer = _peers.FirstOrDefault(p => p.Id == source);
        if (peer is null)
        {
            _unsyncedSources.Remove(source);
            _bufferedDeltas.Remove(source);
            return;
        }

        context.Request(RegistryAddress(peer.Address), new SnapshotRequest(_self));
    }

    private PID RegistryAddress(string address) => PID.FromAddress(address, runtime.RegistryName);

    private sealed record ResyncTick
    {
        public static readonly ResyncTick Instance = new();
    }

    private sealed record FlushPending
    {
        public static readonly FlushPending Instance = new();
    }
}
