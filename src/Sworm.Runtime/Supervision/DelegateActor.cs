using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Handoff;
using Sworm.Supervision.Placement;
using Sworm.Workers;

namespace Sworm.Supervision;

/// <summary>
/// Read first in this folder. The delegate of one name: a child of the name host on the member where the name lives
/// (<c>Placement/NameHostActor.cs</c>), which starts one per name and routes every request for the name to it.
/// Everything about the name goes through it, one message at a time, which is what makes concurrent registrations
/// race-free.
///
/// A delegate holds its name in one of two ways:
/// - supervised: it builds the worker from its <see cref="WorkerSpec"/>, spawns it as its child, answers
///   only once the worker's <c>Started</c> has finished, and restarts it by the sworm's strategy
///   (<c>DelegateActor.Restart.cs</c>);
/// - by claim: an existing process (<c>RegisterName(name, pid)</c>) holds the name; the registry actor on
///   that process's member watches it and tells the delegate when it stops (<c>DelegateActor.Claims.cs</c>).
/// An idle delegate (no name held) stops itself; after an unregistration it stays a request timeout as the
/// name's tombstone, so a restore already on its way cannot bring the name back.
/// </summary>
internal sealed partial class DelegateActor(
    SwormSettings settings,
    WorkerActivator activator,
    SpecReplicator specs,
    RegistryClient registry,
    SwormTopology topology,
    Handoffs handoffs,
    ILogger logger) : IActor, ISupervisorStrategy
{
    private string _name = "";
    private WorkerSpec? _spec;
    private PID? _worker;
    private Exception? _workerFailure;
    private PID? _claimant;
    private string? _claimantMember;
    private RestartIntensity? _intensity;
    private bool _stopping;
    private long _unregisteredAt;

    private bool IsIdle => _worker is null && _claimant is null && _spec is null;

    public async Task ReceiveAsync(IContext context)
    {
        var message = context.Message;
        if (message is Terminated child)
        {
            // Only its children (workers) tell a delegate they stopped: the registry does not watch them, we report.
            registry.WorkerStopped(context, child.Who);
        }

        if (message is NameRequest && _stopping)
        {
            // Stopping (its worker moved, or its member stops): serving a request now could start a worker no one
            // stops. The asker routes the request again, to wherever the name lives next.
            context.Respond(new DeadLetterResponse { Target = context.Self });
            return;
        }

        if (message is NameRequest request)
        {
            // Its name host hands it every request in this envelope; the first names it.
            _name = request.Name;
            message = request.Message;
        }

        switch (message)
        {
            case Started:
                // Named after its name under its host (also after a restart); the first request names it in any case.
                _name = context.Parent is { } host && context.Self.Id.StartsWith(host.Id + "/", StringComparison.Ordinal)
                    ? context.Self.Id[(host.Id.Length + 1)..]
                    : context.Self.Id;
                break;
            case RegisterSupervised register:
                using (Trace(context, register))
                {
                    await OnRegister(context, register).ConfigureAwait(false);
                }

                break;
            case ClaimName claim:
                await OnClaim(context, claim).ConfigureAwait(false);
                break;
            case UnregisterRequest unregister:
                using (Trace(context, unregister))
                {
                    await OnUnregister(context).ConfigureAwait(false);
                }

                break;
            case HandOffWorker handOff:
                await OnHandOff(context, handOff).ConfigureAwait(false);
                break;
            case Stopped:
                OnDelegateStopped(context);
                break;
            case QuorumLost quorumLost:
                await OnQuorumLost(context, quorumLost).ConfigureAwait(false);
                break;
            case ConflictLost lost:
                await OnConflictLost(context, lost).ConfigureAwait(false);
                break;
            case CaptureConflictState:
                await OnCaptureForRejoin(context).ConfigureAwait(false);
                break;
            case TrackedProcessStopped stopped when stopped.Pid.Equals(_claimant):
                _claimant = null;
                _claimantMember = null;
                StopIfIdle(context);
                break;
            case Stopping:
                // The member is stopping (or the worker moved): children stop with us, nothing restarts.
                _stopping = true;
                break;
            case Terminated terminated when terminated.Who.Equals(_worker) && !_stopping:
                await OnWorkerStopped(context).ConfigureAwait(false);
                break;
            case OwnerMoved when _worker is null && _spec is null && !RecentlyUnregistered(out _):
                context.Stop(context.Self);
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
            Log.WorkerCrashed(logger, settings.Name, _name, reason);
        }

        supervisor.StopChildren(child);
    }

    private async Task OnRegister(IContext context, RegisterSupervised register)
    {
        await SettleStoppedWorker(context).ConfigureAwait(false);
        if (await HeldByAdopting(context).ConfigureAwait(false) is { } holder)
        {
            if (register.Handoff is not null && await TakeState(context, register.Handoff).ConfigureAwait(false) is not null)
            {
                Log.AlreadyRunning(logger, settings.Name, _name);
            }

            // Source: this member's id, so a restorer judges the holder's liveness by incarnation, not by address.
            context.Respond(new DelegateReply(DelegateOutcome.AlreadyStarted, holder, topology.SelfId, 0, null));
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
        var state = await TakeState(context, register.Handoff).ConfigureAwait(false);
        var (pid, failure) = await StartWorker(context, register.Handoff, state).ConfigureAwait(false);
        if (pid is null)
        {
            _spec = null;
            context.Respond(DelegateReply.Failed(failure!));
            StopIfIdle(context);
            return;
        }

        _worker = pid;
        handoffs.WorkerStarted(_name, context.Self);
        _intensity = null; // a new registration starts with no restarts counted (created at the first restart)
        await specs.Copy(context, _name, _spec).ConfigureAwait(false);
        var published = await registry.Publish(context, _name, pid, arriving: register.Handoff is not null).ConfigureAwait(false);
        Raise(context, new WorkerStarted(settings.Name, _name, pid, register.Restore));
        await JoinGroups(context, pid, register.Handoff).ConfigureAwait(false);
        context.Respond(new DelegateReply(DelegateOutcome.Started, pid, published.Source, published.Sequence, null));
    }

    private async Task OnUnregister(IContext context)
    {
        await SettleStoppedWorker(context).ConfigureAwait(false);
        _unregisteredAt = Stopwatch.GetTimestamp();
        if (await HeldByAdopting(context).ConfigureAwait(false) is null)
        {
            // Not running, but its member may have just died with copies of its spec waiting to be restored:
            // the application wants the name gone, so the copies go too.
            specs.Forget(context, _name);
            context.Respond(DelegateReply.NotFound);
            StopIfIdle(context);
            return;
        }

        if (_worker is { } worker)
        {
            _worker = null;
            _spec = null;
            specs.Forget(context, _name);
            await context.StopAsync(worker).ConfigureAwait(false);
            await registry.Unpublish(context, _name, worker).ConfigureAwait(false);
        }
        else if (_claimant is { } claimant)
        {
            _claimant = null;
            _claimantMember = null;
            await registry.Unpublish(context, _name, claimant).ConfigureAwait(false);
        }

        context.Respond(DelegateReply.Removed);
        StopIfIdle(context);
    }

    /// <summary>Builds the worker from the spec, spawns it as a child and waits until its <c>Started</c> is done.</summary>
    private async Task<(PID? Pid, string? Failure)> StartWorker(IContext context, HandoffArrival? arrival = null, byte[]? state = null)
    {
        IActor worker;
        try
        {
            worker = activator.Create(_spec!);
        }
        catch (Exception e)
        {
            return (null, Describe(e));
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PID pid;
        try
        {
            pid = WorkerPipeline.Spawn(context, worker, started, handoffs, arriving: arrival is not null);
        }
        catch (Exception e)
        {
            return (null, Describe(e));
        }

        if (arrival is not null)
        {
            Arrive(context, pid, arrival, state);
        }

        try
        {
            await started.Task.WaitAsync(settings.RequestTimeout).ConfigureAwait(false);
            return (pid, null);
        }
        catch (TimeoutException)
        {
            await context.StopAsync(pid).ConfigureAwait(false);
            return (null, $"its Started handler did not finish within {settings.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            // Proto escalates the same exception to us (HandleFailure), which stops the child.
            await context.StopAsync(pid).ConfigureAwait(false);
            return (null, Describe(e));
        }
    }

    private static string Describe(Exception e) => e is System.Reflection.TargetInvocationException { InnerException: { } inner }
        ? Describe(inner)
        : $"{e.GetType().FullName}: {e.Message}";
}
