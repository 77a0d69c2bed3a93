using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Serialization;
using Sworm.Supervision.Placement;

namespace Sworm.Supervision.Failover;

/// <summary>
/// Read first in this folder: the failover protocol. One store per sworm per member (named
/// <c>$sworm/{sworm}/specs</c>) holds the part of the cluster's memory of supervised workers that makes a crash
/// lose nothing.
///
/// 1. Copy. A delegate that started a worker stores its spec on the <see cref="SwormOptions.SpecCopies"/> members
///    that rank highest for the name (every other member by default; <see cref="Rendezvous"/>, via
///    <see cref="SpecReplicator"/>) and waits for one acknowledgement before it answers <c>Started</c>. With copies on
///    every member (the default) the spec rides with the registry delta that publishes the name, and each store
///    acknowledges a whole delta (<c>SpecStoreActor.Replicated.cs</c>), unless the registration was asked from a peer,
///    whose member gets the delta before the answer (<c>Registry/RegistryActor.SpecCopies.cs</c>), or, if that delta went
///    missing, keeps the copy its caller hands to its registry with the answer's read-your-writes (<c>ApplyEarly</c>).
///    Otherwise the delegate copies it directly.
///    The store also remembers the specs hosted on its own member and copies them to the new holders when a holder
///    leaves or a member joins (one crash at a time never leaves a spec uncopied).
/// 2. Hand-over. A member leaving gracefully hands every spec it hosts to every other member, acknowledged, before
///    Proto's shutdown starts: the rendezvous holders may be leaving at the same moment (<see cref="SpecHandOverStep"/>).
///    A restore that lands on a leaving member after that is handed over too.
/// 3. Restore. When a member leaves the topology, holders of copies of its specs register the names again
///    (<see cref="RestorePlanner"/> decides who and when; <see cref="RestoreWorkerActor"/> does it) through the
///    name's owner, one delegate per name, so each worker restarts exactly once.
/// 4. Tombstone. An unregistered name drops every copy everywhere (<see cref="DropSpec"/>); its delegate stays a
///    request timeout to refuse restores already on their way, so the name never comes back.
/// 5. Quorum. A member below its static quorum stops its workers and keeps their specs as suspended; back at quorum
///    it restores them itself, unless a live member runs them by then (<c>SpecStoreActor.Suspended.cs</c>).
/// Temporary workers are never copied.
/// </summary>
internal sealed partial class SpecStoreActor(SwormSettings settings, SpecReplicator replicator, SwormTopology topology, RegistryReplica replica, NameHosts hosts, ILogger logger) : IActor
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    // With a static quorum, restores wait until the topology has not changed for this long (members of the far side of
    // a partition are removed within about one gossip interval of each other).
    private static readonly TimeSpan QuorumSettle = TimeSpan.FromSeconds(1);
    private long _topologyChangedAt;

    private readonly Dictionary<string, SpecCopy> _copies = new(StringComparer.Ordinal);

    // Each copy's host id, one string per member instead of one per received copy.
    private readonly StringPool _hosts = new();
    private readonly Dictionary<string, WorkerSpec> _hosted = new(StringComparer.Ordinal);
    private readonly RestorePlanner _planner = new(SweepInterval, TimeProvider.System);
    private HashSet<string> _live = new(StringComparer.Ordinal);

    // Whether a copy may be orphaned (its host not live): set by a topology change or a copy from a host not seen live,
    // cleared by a plan that found none. The sweep scans every copy only then, not once a second whatever happens.
    private bool _mayHaveOrphans;
    private bool _handedOver;
    private PID? _restorer;
    private EventStreamSubscription<object>? _topologySubscription;
    private CancellationTokenSource? _sweepTimer;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                _live = topology.MemberIds();
                _restorer = context.Spawn(Props.FromProducer(() => new RestoreWorkerActor(settings, topology, replica, hosts, logger)));
                _topologySubscription = topology.Subscribe(context.Self);
                _sweepTimer = SystemTimers.SendRepeatedly(context, SweepInterval, SweepTick.Instance);
                break;
            case StoreSpec store:
                Keep(context, new SpecCopy(store.Name, store.Spec, _hosts.Share(store.Host)));
                if (context.Sender is not null)
                {
                    context.Respond(new SpecStored(store.Name)); // re-copies after a topology change are not awaited
                }

                break;
            case StoreSpecBatch batch:
                foreach (var entry in batch.Specs)
                {
                    Keep(context, new SpecCopy(entry.Name, entry.Spec, _hosts.Share(batch.Host)));
                }

                if (context.Sender is not null)
                {
                    context.Respond(new SpecStored(""));
                }

                break;
            case HandOverSpecs:
                HandOver(context);
                break;
            case ReplicatedSpecs replicated:
                OnReplicated(context, replicated);
                break;
            case DropSpec drop:
                Drop(context, drop.Name, drop.Host);
                break;
            case HostedSpec hosted:
                OnHosted(context, hosted.Name, hosted.Spec, hosted.CopiedToEveryMember);
                break;
            case SuspendedSpec suspended:
                Suspend(suspended);
                break;
            case ClusterTopology changed:
                OnTopology(context, topology.MemberIds(changed));
                break;
            case SweepTick:
                _planner.ForgetStale(_copies, _live);
                RestoreOrphans(context);
                break;
            case RestoreDone done:
                _planner.Done(done.Name);
                if (done.Succeeded)
                {
                    if (_copies.TryGetValue(done.Name, out var restored) && restored.Host == done.DeadHost)
                    {
                        _copies.Remove(done.Name);
                    }

                    Resumed(done.Copy);
                }

                break;
            case ExportSpecs:
                Export(context);
                break;
            case CarriedSpecs carried:
                Adopt(context, carried);
                break;
            case SpecStoreStatusRequest:
                context.Respond(new SpecStoreStatus(_copies.Count, _hosted.Count, _planner.Pending));
                break;
            case Stopping:
                _topologySubscription?.Unsubscribe();
                _sweepTimer?.Cancel();
                break;
        }

        return Task.CompletedTask;
    }

    private void Keep(IContext context, SpecCopy copy)
    {
        // Only a restore under way can be cancelled: after a crash, every restore another member does replaces a copy
        // here, and an unneeded cancellation would stay in the restore worker's set for good.
        if (_copies.TryGetValue(copy.Name, out var previous) && previous.Host != copy.Host && _planner.IsRestoring(copy.Name))
        {
            context.Send(_restorer!, new CancelRestore(previous.Name, previous.Host));
        }

        _copies[copy.Name] = copy;
        if (!_live.Contains(copy.Host))
        {
            _mayHaveOrphans = true;
        }
    }

    private void Discard(IContext context, SpecCopy copy)
    {
        _copies.Remove(copy.Name);
        if (_planner.IsRestoring(copy.Name))
        {
            context.Send(_restorer!, new CancelRestore(copy.Name, copy.Host));
        }
    }

    private void OnHosted(IContext context, string name, WorkerSpec? spec, bool copiedToEveryMember = false)
    {
        if (spec is null)
        {
            _hosted.Remove(name);
            return;
        }

        _hosted[name] = spec;
        _suspended.Remove(name); // runs here again
        if (_handedOver && !copiedToEveryMember)
        {
            // Started here after the hand-over (a restore landed on this leaving member) by a delegate that
            // did not yet see the member stopping: hand it over too.
            replicator.SendToPeers(context, new StoreSpecBatch([new SpecEntry(name, spec)], topology.SelfId));
        }
    }

    private void OnTopology(IContext context, HashSet<string> live)
    {
        var before = _live;
        if (before.SetEquals(live))
        {
            return; // kept: a new set makes the planner rank its deferred names again
        }

        _live = live;
        _mayHaveOrphans = true;

        _topologyChangedAt = Stopwatch.GetTimestamp();

        RestoreOrphans(context);
        Recopy(context, before);
    }

    private void RestoreOrphans(IContext context)
    {
        if (topology.BelowQuorum)
        {
            return; // the side that has quorum restores them
        }

        if (topology.HasStaticQuorum && Stopwatch.GetElapsedTime(_topologyChangedAt) < QuorumSettle)
        {
            // CP: a side losing the majority's members one tick at a time still counts a quorum for a moment;
            // it must not restart their names on the way down. The sweep restores once the view has settled.
            return;
        }

        if (_mayHaveOrphans)
        {
            foreach (var copy in _planner.Plan(_copies, _live, topology.SelfId))
            {
                context.Send(_restorer!, new RestoreOrphan(copy));
            }

            _mayHaveOrphans = _planner.SawOrphans;
        }

        RestoreSuspended(context);
    }

    /// <summary>
    /// A holder left or a member joined: copy this member's hosted specs to their new holders, one batch per member
    /// (a joiner receives every hosted spec when copies go to every member).
    /// </summary>
    private void Recopy(IContext context, HashSet<string> before)
    {
        if (_live.IsSubsetOf(before) && settings.Options.SpecCopies >= before.Count - 1)
        {
            // Members only left, and every other member held a copy: the holders now are among the holders before.
            // (After a crash this skips ranking every hosted name twice, while the restores wait for the CPU.)
            return;
        }

        var self = topology.SelfId;
        var batches = new Dictionary<string, List<SpecEntry>>(StringComparer.Ordinal);
        foreach (var (name, spec) in OwnSpecs())
        {
            var previous = replicator.Holders(name, before, self);
            foreach (var holder in replicator.Holders(name, _live, self).Except(previous))
            {
                if (!batches.TryGetValue(holder, out var batch)) batches[holder] = batch = [];
                batch.Add(new SpecEntry(name, spec));
            }
        }

        foreach (var (holder, batch) in batches)
        {
            if (topology.AddressOf(holder) is { } address)
            {
                foreach (var chunk in batch.Chunk(HandOverBatchSize))
                {
                    context.Send(replicator.StoreAt(address), new StoreSpecBatch(chunk, self));
                }
            }
        }
    }

    private sealed record SweepTick
    {
        public static readonly SweepTick Instance = new();
    }
}
