using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Protocol;

namespace Sworm.Supervision;

/// <summary>
/// The delegate of one name: the activation of <c>(name, sworm kind)</c>, so Proto's identity lookup
/// guarantees there is one per name in the cluster. Everything about the name goes through it, one
/// message at a time, which is what makes concurrent registrations race-free.
///
/// A delegate holds its name in one of two ways:
/// - supervised: it builds the worker from its <see cref="WorkerSpec"/>, spawns it as its child, answers
///   only once the worker's <c>Started</c> has finished, and restarts it by the sworm's strategy;
/// - by claim: an existing process (<c>RegisterName(name, pid)</c>) holds the name; the registry actor on
///   that process's member watches it and releases the claim when it stops.
/// An idle delegate (no name held) stops itself.
/// </summary>
internal sealed partial class DelegateActor(SwormRuntime runtime) : IActor, ISupervisorStrategy
{
    private string _name = "";
    private WorkerSpec? _spec;
    private PID? _worker;
    private Exception? _workerFailure;
    private PID? _claimant;
    private RestartIntensity? _intensity;
    private bool _stopping;
    private long _unregisteredAt;

    private bool IsIdle => _worker is null && _claimant is null && _spec is null;

    public async Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                _name = context.ClusterIdentity()?.Identity ?? context.Self.Id;
                break;
            case RegisterSupervised register:
                await OnRegister(context, register).ConfigureAwait(false);
                break;
            case ClaimName claim:
                await OnClaim(context, claim).ConfigureAwait(false);
                break;
            case UnregisterRequest:
                await OnUnregister(context).ConfigureAwait(false);
                break;
            case ReleaseClaim release when release.Pid.Equals(_claimant):
                _claimant = null;
                StopIfIdle(context);
                break;
            case Stopping:
                // The member is leaving (or the name was dropped): children stop with us, nothing restarts.
                _stopping = true;
                if (_worker is not null && _spec is { } spec && runtime.Member.State == MemberState.Running)
                {
                    HandToSurvivingActivation(context, spec);
                }

                break;
            case Terminated terminated when terminated.Who.Equals(_worker) && !_stopping:
                await OnWorkerStopped(context).ConfigureAwait(false);
                break;
            case StopWhenIdle when IsIdle:
                if (RecentlyUnregistered(out _))
                {
                    StopIfIdle(context);
                }
                else
                {
                    context.Stop(context.Self);
                }

                break;
        }
    }

    /// <summary>Proto asks the parent what to do with a failed child: we stop it and decide on <c>Terminated</c>.</summary>
    public void HandleFailure(ISupervisor supervisor, PID child, RestartStatistics rs, Exception reason, object? message)
    {
        if (child.Equals(_worker))
        {
            _workerFailure = reason;
            Log.WorkerCrashed(runtime.Logger, runtime.Name, _name, reason);
        }

        supervisor.StopChildren(child);
    }

    private async Task OnRegister(IContext context, RegisterSupervised register)
    {
        if (await HeldByAdopting(context).ConfigureAwait(false) is { } holder)
        {
            context.Respond(new DelegateReply(DelegateOutcome.AlreadyStarted, holder, null, 0, null));
            return;
        }

        if (register.Restore && RecentlyUnregistered(out _))
        {
            // A restore sent before the unregistration reached its holder: the name stays gone.
            context.Respond(DelegateReply.NotFound);
            StopIfIdle(context);
            return;
        }

        _unregisteredAt = 0;

        _spec = register.Spec;
        var (pid, failure) = await StartWorker(context).ConfigureAwait(false);
        if (pid is null)
        {
            _spec = null;
            context.Respond(DelegateReply.Failed(failure!));
            StopIfIdle(context);
            return;
        }

        _worker = pid;
        _intensity = new RestartIntensity(runtime.Options.MaxRestarts, runtime.Options.MaxRestartsWindow, TimeProvider.System);
        await runtime.CopySpec(context, _name, _spec).ConfigureAwait(false);
        var published = await runtime.PublishAsync(context, new PublishWorker(_name, pid)).ConfigureAwait(false);
        context.Respond(new DelegateReply(DelegateOutcome.Started, pid, published.Source, published.Sequence, null));
    }

    private async Task OnClaim(IContext context, ClaimName claim)
    {
        if (await HeldByAdopting(context).ConfigureAwait(false) is { } holder)
        {
            context.Respond(new DelegateReply(DelegateOutcome.Taken, holder, null, 0, null));
            return;
        }

        var tracked = await runtime.TrackAsync(context, new TrackProcess(_name, claim.Pid, context.Self)).ConfigureAwait(false);
        if (!tracked.Accepted)
        {
            context.Respond(new DelegateReply(DelegateOutcome.Taken, null, null, 0, "the process is not alive"));
            StopIfIdle(context);
            return;
        }

        _claimant = claim.Pid;
        context.Respond(new DelegateReply(DelegateOutcome.Claimed, claim.Pid, tracked.Source, tracked.Sequence, null));
    }

    private async Task OnUnregister(IContext context)
    {
        _unregisteredAt = Stopwatch.GetTimestamp();
        if (await HeldByAdopting(context).ConfigureAwait(false) is null)
        {
            // Not running, but its member may have just died with copies of its spec waiting to be restored:
            // the application wants the name gone, so the copies go too.
            runtime.ForgetSpec(context, _name);
            context.Respond(DelegateReply.NotFound);
            StopIfIdle(context);
            return;
        }

        if (_worker is { } worker)
        {
            _worker = null;
            _spec = null;
            runtime.ForgetSpec(context, _name);
            await context.StopAsync(worker).ConfigureAwait(false);
            await runtime.UnpublishAsync(context, new UnpublishName(_name, worker)).ConfigureAwait(false);
        }
        else if (_claimant is { } claimant)
        {
            _claimant = null;
            await runtime.UnpublishAsync(context, new UnpublishName(_name, claimant)).ConfigureAwait(false);
        }

        context.Respond(DelegateReply.Removed);
        StopIfIdle(context);
    }

    private async Task OnWorkerStopped(IContext context)
    {
        var stopped = _worker!;
        var crashed = _workerFailure is not null;
        _workerFailure = null;
        _worker = null;

        var restart = runtime.Options.Restart switch
        {
            RestartStrategy.Permanent => true,
            RestartStrategy.Transient => crashed,
            _ => false,
        };

        while (restart)
        {
            if (!_intensity!.TryRecord())
            {
                Log.GaveUp(runtime.Logger, runtime.Name, _name, runtime.Options.MaxRestarts, runtime.Options.MaxRestartsWindow);
                break;
            }

            var (pid, failure) = await StartWorker(context).ConfigureAwait(false);
            if (pid is not null)
            {
                _worker = pid;
                await runtime.PublishAsync(context, new PublishWorker(_name, pid)).ConfigureAwait(false);
                Log.WorkerRestarted(runtime.Logger, runtime.Name, _name, pid);
                return;
            }

            Log.RestartFailed(runtime.Logger, runtime.Name, _name, failure!);
        }

        _spec = null;
        runtime.ForgetSpec(context, _name);
        await runtime.UnpublishAsync(context, new UnpublishName(_name, stopped)).ConfigureAwait(false);
        StopIfIdle(context);
    }

    /// <summary>
    /// Proto stops one of two activations of a name when it finds both (possible for a moment while the topology
    /// changes). If this one held the worker, the name must not be lost: the spec goes to the activation Proto kept,
    /// which starts the worker unless it already runs one.
    /// </summary>
    private void HandToSurvivingActivation(IContext context, WorkerSpec spec)
    {
        var system = context.System;
        var name = _name;
        _ = Task.Run(async () =>
        {
            try
            {
                using var deadline = new CancellationTokenSource(runtime.Member.Options.RequestTimeout);
                var reply = await system.Cluster().RequestAsync<DelegateReply>(name, runtime.Kind, new RegisterSupervised(spec, Restore: true), deadline.Token).ConfigureAwait(false);
                Log.HandedToSurvivor(runtime.Logger, runtime.Name, name, reply?.Outcome.ToString() ?? "no answer");
            }
            catch (Exception e)
            {
                Log.HandToSurvivorFailed(runtime.Logger, runtime.Name, name, e);
            }
        });
    }

    /// <summary>Builds the worker from the spec, spawns it as a child and waits until its <c>Started</c> is done.</summary>
    private async Task<(PID? Pid, string? Failure)> StartWorker(IContext context)
    {
        IActor worker;
        try
        {
            worker = runtime.CreateWorker(_spec!);
        }
        catch (Exception e)
        {
            return (null, Describe(e));
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var props = Props.FromProducer(() => worker).WithReceiverMiddleware(StartSignal.Middleware(started));
        PID pid;
        try
        {
            pid = context.Spawn(props);
        }
        catch (Exception e)
        {
            return (null, Describe(e));
        }

        try
        {
            await started.Task.WaitAsync(runtime.Member.Options.RequestTimeout).ConfigureAwait(false);
            return (pid, null);
        }
        catch (TimeoutException)
        {
            await context.StopAsync(pid).ConfigureAwait(false);
            return (null, $"its Started handler did not finish within {runtime.Member.Options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            // Proto escalates the same exception to us (HandleFailure), which stops the child.
            await context.StopAsync(pid).ConfigureAwait(false);
            return (null, Describe(e));
        }
    }

    /// <summary>
    /// Like <see cref="HeldBy"/>, but a new delegate first looks for a claim that outlived the previous delegate
    /// (lost with its member): the replica names the process, and that process's member, which tracks the claim,
    /// confirms it. The name then stays with its process instead of going to whoever asks next.
    /// </summary>
    private async Task<PID?> HeldByAdopting(IContext context)
    {
        var holder = HeldBy(context);
        if (holder is not null || _spec is not null)
        {
            return holder;
        }

        if (runtime.Replica.ClaimOf(_name) is { } claimant && runtime.Member.IsLiveAddress(claimant.Address))
        {
            try
            {
                var adopted = await runtime.TrackAsync(context, new TrackProcess(_name, claimant, context.Self, Adopt: true)).ConfigureAwait(false);
                if (adopted.Accepted)
                {
                    _claimant = claimant;
                }
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                // Its member did not confirm in time: treat the name as free, as a lost claim would be.
            }
        }

        return _claimant;
    }

    /// <summary>Who holds the name now; a claim by a process whose member has left counts as free.</summary>
    private PID? HeldBy(IContext context)
    {
        if (_worker is not null)
        {
            return _worker;
        }

        if (_claimant is { } claimant && !runtime.Member.IsLiveAddress(claimant.Address))
        {
            _claimant = null;
        }

        return _claimant;
    }

    private void StopIfIdle(IContext context)
    {
        if (!IsIdle)
        {
            return;
        }

        if (RecentlyUnregistered(out var left))
        {
            // Stay a while as the name's tombstone, so a restore already on its way cannot bring it back.
            var self = context.Self;
            var system = context.System;
            _ = Task.Delay(left).ContinueWith(_ => system.Root.Send(self, new StopWhenIdle()), TaskScheduler.Default);
            return;
        }

        // Through the mailbox, so requests already queued for this name are served first.
        context.Send(context.Self, new StopWhenIdle());
    }

    /// <summary>
    /// Whether the name was unregistered less than a request timeout ago: a restore sent before the unregistration
    /// dropped its copy arrives within that time or not at all.
    /// </summary>
    private bool RecentlyUnregistered(out TimeSpan left)
    {
        left = _unregisteredAt == 0 ? TimeSpan.Zero : runtime.Member.Options.RequestTimeout - Stopwatch.GetElapsedTime(_unregisteredAt);
        return left > TimeSpan.Zero;
    }

    private static string Describe(Exception e) => e is System.Reflection.TargetInvocationException { InnerException: { } inner }
        ? Describe(inner)
        : $"{e.GetType().FullName}: {e.Message}";

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} crashed")]
        public static partial void WorkerCrashed(ILogger logger, string sworm, string name, Exception exception);

        [LoggerMessage(Level = LogLevel.Information, Message = "Worker '{Name}' of sworm {Sworm} restarted as {Pid}")]
        public static partial void WorkerRestarted(ILogger logger, string sworm, string name, PID pid);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} could not be restarted: {Reason}")]
        public static partial void RestartFailed(ILogger logger, string sworm, string name, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm}: Proto stopped this duplicate activation; the name went to the other one ({Outcome})")]
        public static partial void HandedToSurvivor(ILogger logger, string sworm, string name, string outcome);

        [LoggerMessage(Level = LogLevel.Error, Message = "Worker '{Name}' of sworm {Sworm}: Proto stopped this duplicate activation and the other one did not take the name")]
        public static partial void HandToSurvivorFailed(ILogger logger, string sworm, string name, Exception exception);

        [LoggerMessage(Level = LogLevel.Error, Message = "Worker '{Name}' of sworm {Sworm} restarted more than {MaxRestarts} times within {Window}: giving up and removing the name")]
        public static partial void GaveUp(ILogger logger, string sworm, string name, int maxRestarts, TimeSpan window);
    }
}
