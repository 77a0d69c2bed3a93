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

    private readonly Dictionary<string, (WorkerSpec Spec, string Host)> _copies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerSpec> _hosted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _restoring = new(StringComparer.Ordinal);
    private HashSet<string> _live = new(StringComparer.Ordinal);
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
            case DropSpec drop:
                if (_copies.TryGetValue(drop.Name, out var copy) && copy.Host == drop.Host)
                {
                    _copies.Remove(drop.Name);
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
                }

                break;
            case ClusterTopology topology:
                OnTopology(context, topology);
                break;
            case SweepTick:
                RestoreOrphans(context);
                break;
            case RestoreDone done:
                _restoring.Remove(done.Name);
                if (done.Succeeded && _copies.TryGetValue(done.Name, out var restored) && restored.Host == done.DeadHost)
                {
                    _copies.Remove(done.Name);
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

    /// <summary>Specs whose host is gone: register them again (the identity lookup keeps it to one worker).</summary>
    private void RestoreOrphans(IContext context)
    {
        foreach (var (name, (spec, host)) in _copies)
        {
            if (_live.Contains(host) || !_restoring.Add(name))
            {
                continue;
            }

            _ = Restore(context.System, context.Self, name, spec, host);
        }
    }

    private async Task Restore(ActorSystem system, PID self, string name, WorkerSpec spec, string deadHost)
    {
        await _restoreSlots!.WaitAsync().ConfigureAwait(false);
        var succeeded = false;
        try
        {
            using var deadline = new CancellationTokenSource(runtime.Member.Options.RequestTimeout);
            var reply = await system.Cluster().RequestAsync<DelegateReply>(name, runtime.Kind, new RegisterSupervised(spec), deadline.Token).ConfigureAwait(false);
            // A leaving member's delegates answer until they stop: an answer naming a pid there is not a restore.
            succeeded = reply is { Outcome: DelegateOutcome.Started or DelegateOutcome.AlreadyStarted, Pid: { } pid }
                        && runtime.Member.IsLiveAddress(pid.Address);
            if (reply?.Outcome == DelegateOutcome.Started)
            {
                Log.Restored(runtime.Logger, runtime.Name, name, reply.Pid!);
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

        [LoggerMessage(Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} could not be restored: {Reason}")]
        public static partial void RestoreFailed(ILogger logger, string sworm, string name, string reason, Exception? exception);
    }
}
