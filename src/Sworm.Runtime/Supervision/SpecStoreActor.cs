using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Protocol;

namespace Sworm.Supervision;

/// <summary>
/// One per sworm per member (named <c>$sworm/{sworm}/specs</c>): the part of the cluster's memory of
/// supervised workers that makes a crash lose nothing.
///
/// - It keeps copies of specs of workers hosted on other members. A delegate stores its spec on the
///   <see cref="SwormOptions.SpecCopies"/> members that rank highest for the name (rendezvous), and waits
///   for their acknowledgement before it answers <c>Started</c>.
/// - When a member leaves the topology (crash or graceful leave), every holder of a copy of a spec hosted
///   there asks the name's identity to register it again. Proto's identity lookup makes one activation of
///   the name, so the worker is restarted exactly once, on a surviving member, whatever the number of holders.
/// - It remembers the specs hosted on this member, so that when a holder leaves, they are copied to the
///   next-ranked member (one crash at a time never leaves a spec without a copy).
/// </summary>
internal sealed partial class SpecStoreActor(SwormRuntime runtime) : IActor
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    // Read by restore tasks too (a queued restore first checks its copy is still wanted), hence concurrent.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (WorkerSpec Spec, string Host)> _copies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerSpec> _hosted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _restoring = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deferred = new(StringComparer.Ordinal);
    private HashSet<string> _live = new(StringComparer.Ordinal);
    private bool _handedOver;
    private EventStreamSubscription<object>? _topologySubscription;
    private CancellationTokenSource? _sweepTimer;
    private SemaphoreSlim? _restoreSlots;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                OnStarted(context);
                break;
            case StoreSpec store:
                _copies[store.Name] = (store.Spec, store.Host);
                if (context.Sender is not null)
                {
                    context.Respond(new SpecStored(store.Name)); // re-copies after a topology change are not awaited
                }
                break;
            case StoreSpecBatch batch:
                foreach (var entry in batch.Specs)
                {
                    _copies[entry.Name] = (entry.Spec, batch.Host);
                }

                if (context.Sender is not null)
                {
                    context.Respond(new SpecStored(""));
                }

                break;
            case HandOverSpecs:
                HandOver(context);
                break;
            case DropSpec drop:
                // The name is gone for good. A copy from a member that has left (awaiting or under restore) goes too,
                // or a restore would bring the unregistered name back.
                if (_copies.TryGetValue(drop.Name, out var copy) && (copy.Host == drop.Host || !_live.Contains(copy.Host)))
                {
                    _copies.TryRemove(drop.Name, out _);
                }

                break;
            case HostedSpec hosted:
                if (hosted.Spec is null)
                {
                    _hosted.Remove(hosted.Name);
                }
                else
                {
                    _hosted[hosted.Name] = hosted.Spec;
                    if (_handedOver && !hosted.CopiedToEveryMember)
                    {
                        // Started here after the hand-over (a restore landed on this leaving member) by a delegate that
                        // did not yet see the member stopping: hand it over too.
                        SendToPeers(context, new StoreSpecBatch([new SpecEntry(hosted.Name, hosted.Spec)], context.System.Id));
                    }
                }

                break;
            case ClusterTopology topology:
                OnTopology(context, topology);
                break;
            case SweepTick:
                ForgetStaleDeferrals();
                RestoreOrphans(context);
                break;
            case RestoreDone done:
                _restoring.Remove(done.Name);
                runtime.SetPendingRestores(_restoring.Count);
                if (done.Succeeded && _copies.TryGetValue(done.Name, out var restored) && restored.Host == done.DeadHost)
                {
                    _copies.TryRemove(done.Name, out _);
                }

                break;
            case Stopping:
                _topologySubscription?.Unsubscribe();
                _sweepTimer?.Cancel();
                break;
        }

        return Task.CompletedTask;
    }

    private void OnStarted(IContext context)
    {
        var self = context.Self;
        var system = context.System;
        _restoreSlots = new SemaphoreSlim(64);
        _live = system.Cluster().MemberList.GetMembersByKind(runtime.Kind).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        _topologySubscription = system.EventStream.Subscribe<ClusterTopology>(topology => system.Root.Send(self, topology));
        _sweepTimer = PeriodicTick.Start(system, self, SweepTick.Instance, SweepInterval);
    }


    private void OnTopology(IContext context, ClusterTopology topology)
    {
        var before = _live;
        _live = topology.Members.Where(m => m.Kinds.Contains(runtime.Kind)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        if (before.SetEquals(_live))
        {
            return;
        }

        RestoreOrphans(context);
        if (before.Except(_live).Any())
        {
            Recopy(context, before);
        }
    }

    /// <summary>
    /// Specs whose host is gone: register them again (the identity lookup keeps it to one worker). Every holder of a
    /// copy could do it; the live member that ranks first for the name does it at once, the others only if the name
    /// is still not running a sweep later (that member may hold no copy, or be leaving too). So a crash costs one
    /// restore per name, not one per copy.
    /// </summary>
    private void RestoreOrphans(IContext context)
    {
        var self = context.System.Id;
        var now = Stopwatch.GetTimestamp();
        foreach (var (name, (spec, host)) in _copies)
        {
            if (_live.Contains(host) || _restoring.Contains(name))
            {
                continue;
            }

            if (Rendezvous.First(name, _live) != self)
            {
                if (!_deferred.TryGetValue(name, out var since))
                {
                    _deferred[name] = now;
                    continue;
                }

                if (Stopwatch.GetElapsedTime(since, now) < SweepInterval)
                {
                    continue;
                }
            }

            _deferred.Remove(name);
            _restoring.Add(name);
            _ = Restore(context.System, context.Self, name, spec, host);
        }

        runtime.SetPendingRestores(_restoring.Count);
    }

    /// <summary>Forgets deferred restores whose copy is gone or whose host is back in the topology.</summary>
    private void ForgetStaleDeferrals()
    {
        foreach (var name in _deferred.Keys)
        {
            if (!_copies.TryGetValue(name, out var copy) || _live.Contains(copy.Host))
            {
                _deferred.Remove(name);
            }
        }
    }

    private async Task Restore(ActorSystem system, PID self, string name, WorkerSpec spec, string deadHost)
    {
        await _restoreSlots!.WaitAsync().ConfigureAwait(false);
        var succeeded = false;
        try
        {
            // Queued restores can wait a while: skip one whose copy was dropped (unregistered) or that another
            // holder has already restored (the replica shows it running on a live member).
            if (!_copies.TryGetValue(name, out var copy) || copy.Host != deadHost
                || (runtime.Replica.WhereIs(name) is { } running && runtime.Member.IsLiveAddress(running.Address)))
            {
                succeeded = true;
                return;
            }

            using var deadline = new CancellationTokenSource(runtime.Member.Options.RequestTimeout);
            var reply = await system.Cluster().RequestAsync<DelegateReply>(name, runtime.Kind, new RegisterSupervised(spec, Restore: true), deadline.Token).ConfigureAwait(false);
            // A leaving member's delegates answer until they stop: an answer naming a pid there is not a restore.
            succeeded = reply is { Outcome: DelegateOutcome.Started or DelegateOutcome.AlreadyStarted, Pid: { } pid }
                        && runtime.Member.IsLiveAddress(pid.Address);
            if (reply?.Outcome == DelegateOutcome.Started)
            {
                Log.Restored(runtime.Logger, runtime.Name, name, reply.Pid!);
            }
            else if (reply?.Outcome == DelegateOutcome.NotFound)
            {
                succeeded = true; // unregistered meanwhile: the name stays gone
            }
            else if (reply?.Outcome == DelegateOutcome.Failed)
            {
                Log.RestoreFailed(runtime.Logger, runtime.Name, name, reply.Reason ?? "", null);
                succeeded = true; // the worker cannot start: keeping the copy would retry forever
            }
        }
        catch (Exception e)
        {
            Log.RestoreFailed(runtime.Logger, runtime.Name, name, "no answer; will retry", e);
        }
        finally
        {
            _restoreSlots.Release();
            system.Root.Send(self, new RestoreDone(name, deadHost, succeeded));
        }
    }

    /// <summary>
    /// This member is leaving gracefully. Its specs have copies on their rendezvous holders, but those may be leaving
    /// at the same moment (several members stopped together). So every other member gets a copy of every spec
    /// hosted here, acknowledged before the member goes: whoever survives restores them, once each (one activation
    /// per name), and drops its copy when the restore succeeded.
    /// </summary>
    private void HandOver(IContext context)
    {
        const int BatchSize = 500;
        _handedOver = true;
        var self = context.System.Id;
        var peers = runtime.Member.Cluster.MemberList.GetMembersByKind(runtime.Kind).Where(m => m.Id != self).ToArray();
        var batches = _hosted.Chunk(BatchSize)
            .Select(chunk => new StoreSpecBatch(chunk.Select(kv => new SpecEntry(kv.Key, kv.Value)).ToArray(), self))
            .ToArray();
        var failed = 0;
        var sends = peers.Select(async peer =>
        {
            try
            {
                foreach (var batch in batches)
                {
                    await context.RequestAsync<SpecStored>(PID.FromAddress(peer.Address, runtime.SpecStoreName), batch, runtime.Member.Options.RequestTimeout)
                        .ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Interlocked.Increment(ref failed);
                Log.HandOverFailed(runtime.Logger, runtime.Name, peer.Address, e);
            }
        });
        var specs = _hosted.Count;
        context.ReenterAfter(Task.WhenAll(sends), _ =>
        {
            context.Respond(new SpecsHandedOver(specs, peers.Length, failed));
            return Task.CompletedTask;
        });
    }

    private void SendToPeers(IContext context, object message)
    {
        foreach (var peer in runtime.Member.Cluster.MemberList.GetMembersByKind(runtime.Kind).Where(m => m.Id != context.System.Id))
        {
            context.Send(PID.FromAddress(peer.Address, runtime.SpecStoreName), message);
        }
    }

    /// <summary>A holder left: copy this member's hosted specs to whoever holds them now.</summary>
    private void Recopy(IContext context, HashSet<string> before)
    {
        var self = context.System.Id;
        foreach (var (name, spec) in _hosted)
        {
            var previous = runtime.SpecHolders(name, before, self);
            foreach (var holder in runtime.SpecHolders(name, _live, self).Except(previous))
            {
                if (runtime.Member.Cluster.MemberList.TryGetMember(holder, out var member) && member is not null)
                {
                    context.Send(PID.FromAddress(member.Address, runtime.SpecStoreName), new StoreSpec(name, spec, self));
                }
            }
        }
    }

    private sealed record SweepTick
    {
        public static readonly SweepTick Instance = new();
    }

    private sealed record RestoreDone(string Name, string DeadHost, bool Succeeded);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Worker '{Name}' of sworm {Sworm} lost its member and was restarted as {Pid}")]
        public static partial void Restored(ILogger logger, string sworm, string name, PID pid);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Sworm {Sworm}: member {Member} did not acknowledge the specs this leaving member handed over")]
        public static partial void HandOverFailed(ILogger logger, string sworm, string member, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} could not be restored: {Reason}")]
        public static partial void RestoreFailed(ILogger logger, string sworm, string name, string reason, Exception? exception);
    }
}
