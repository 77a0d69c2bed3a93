using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Handoff;
using Sworm.Supervision.Placement;
using Sworm.Workers;

namespace Sworm.Supervision;

/// <summary>
/// Read first in this folder. The delegate of one name: not an actor but a slot in the name host of the member where
/// the name lives (<c>Placement/NameHostActor.cs</c>), which keeps one per name, hands it every message about the name
/// and supervises its worker. A delegate handles its messages one at a time, queueing the rest
/// (<c>NameDelegate.Turns.cs</c>), which is what makes concurrent registrations race-free; its steps run in the host's
/// turns, and it never blocks the host while it waits (a remote call, a worker's <c>Started</c>): each wait resumes in a
/// later turn of the host (<see cref="TurnAwaitable"/>), so one slow name never holds up the others. A name costs its
/// worker and this object, not a second actor (docs/performance.md, step 2).
///
/// A delegate holds its name in one of two ways:
/// - supervised: it builds the worker from its <see cref="WorkerSpec"/>, spawns it under the host's supervisor, answers
///   only once the worker's <c>Started</c> has finished, and restarts it by the sworm's strategy
///   (<c>NameDelegate.Restart.cs</c>);
/// - by claim: an existing process (<c>RegisterName(name, pid)</c>) holds the name; the registry actor on
///   that process's member watches it and tells the host when it stops (<c>NameDelegate.Claims.cs</c>).
/// An idle delegate (no name held) is dropped; after an unregistration it stays a request timeout as the name's
/// tombstone, so a restore already on its way cannot bring the name back (<c>NameDelegate.Idle.cs</c>).
/// </summary>
internal sealed partial class NameDelegate(NameDelegates all, string name)
{
    private readonly string _name = name;
    private WorkerSpec? _spec;
    private PID? _worker;
    private PID? _claimant;
    private string? _claimantMember;
    private long _claimGeneration; // the claim's generation when this delegate got it (see ClaimAdopted)
    private RestartIntensity? _intensity;
    private bool _stopping;
    private long _unregisteredAt;

    /// <summary>The name this delegate holds (or is asked about).</summary>
    public string Name => _name;

    private bool IsIdle => _worker is null && _claimant is null && _spec is null && _handedOff is null;

    /// <summary>Its member stops (the host is stopping), or its worker moved: nothing restarts, no request is served.</summary>
    private bool Stopping => _stopping || all.Stopping;

    private SwormSettings Settings => all.Settings;
    private WorkerActivator Activator => all.Activator;
    private SpecReplicator Specs => all.Specs;
    private RegistryClient Registry => all.Registry;
    private SwormTopology Topology => all.Topology;
    private Handoffs Handoffs => all.Handoffs;
    private ILogger Logger => all.Logger;

    private Task Handle(IContext context, object message)
    {
        try
        {
            return Dispatch(context, message);
        }
        catch (Exception e)
        {
            return Task.FromException(e); // failed as an async step would: its caller logs it and answers nothing
        }
    }

    private Task Dispatch(IContext context, object message)
    {
        if (message is NameRequest && Stopping)
        {
            // Stopping (its worker moved, or its member stops): serving a request now could start a worker no one
            // stops. The asker routes the request again, to wherever the name lives next.
            Reply(context, new DeadLetterResponse { Target = context.Self });
            return Task.CompletedTask;
        }

        if (message is NameRequest request)
        {
            message = request.Message;
        }
        else if (message is Terminated terminated)
        {
            // Reported here, in order with this delegate's own steps: a worker that stops while its start step is still
            // publishing it or joining its groups is dropped from the registry after that, not before.
            Registry.WorkerStopped(context, terminated.Who);
        }

        // A registration, untraced and not a handoff, is the step every new name takes: run as is, not under two more
        // awaits (each would cost an async frame and a resumption per name). A traced one starts its span inside the
        // async method, so Activity.Current goes back to what it was when the step ends (a span started here would
        // stay current for the rest of the host's turn).
        if (message is RegisterSupervised { Handoff: null } register && !SwormActivities.Source.HasListeners())
        {
            return Register(context, register);
        }

        return HandleInTurns(context, message);
    }

    private async Task HandleInTurns(IContext context, object message)
    {
        switch (message)
        {
            case RegisterSupervised register:
                using (Trace(context, register))
                {
                    await OnRegister(context, register).InTurn(context);
                }

                break;
            case ClaimName claim:
                await OnClaim(context, claim).InTurn(context);
                break;
            case UnregisterRequest unregister:
                using (Trace(context, unregister))
                {
                    await OnUnregister(context).InTurn(context);
                }

                break;
            case HandOffWorker handOff:
                await OnHandOff(context, handOff).InTurn(context);
                break;
            case QuorumLost quorumLost:
                await OnQuorumLost(context, quorumLost).InTurn(context);
                break;
            case ConflictLost lost:
                await OnConflictLost(context, lost).InTurn(context);
                break;
            case CaptureConflictState:
                await OnCaptureForRejoin(context).InTurn(context);
                break;
            case TrackedProcessStopped stopped when stopped.Pid.Equals(_claimant):
                _claimant = null;
                _claimantMember = null;
                break;
            case ClaimAdopted adopted when adopted.Pid.Equals(_claimant) && adopted.Generation > _claimGeneration:
                _claimant = null;
                _claimantMember = null;
                break;
            case Terminated terminated when _handedOff is { } handedOff && terminated.Who.Equals(handedOff.Reply.OldPid):
                OnMovedWorkerStopped(context);
                break;
            case Terminated terminated when terminated.Who.Equals(_worker) && !Stopping:
                await OnWorkerStopped(context).InTurn(context);
                break;
            case OwnerMoved when _worker is null && _spec is null && !RecentlyUnregistered(out _):
                // A claim goes with its owner (it adopts it from the registry); nothing is left here.
                _claimant = null;
                _claimantMember = null;
                break;
        }

        if (message is Terminated exited)
        {
            all.TakeFailure(exited.Who); // a failure no step above decided on (a worker stopped on purpose that failed meanwhile)
        }
    }

    private async Task OnRegister(IContext context, RegisterSupervised register)
    {
        if (register.Handoff is not { } arrival)
        {
            await Register(context, register).InTurn(context);
            return;
        }

        if (!Handoffs.BeginArrival(arrival))
        {
            Reply(context, new DelegateReply(DelegateOutcome.Leaving, null, Topology.SelfId, 0, "its member is leaving"));
            return;
        }

        try
        {
            await Register(context, register).InTurn(context);
        }
        finally
        {
            Handoffs.EndArrival();
        }
    }

    private async Task Register(IContext context, RegisterSupervised register)
    {
        await SettleStoppedWorker(context).InTurn(context);
        if (await HeldByAdopting(context).InTurn(context) is { } holder)
        {
            if (register.Handoff is not null && await TakeState(context, register.Handoff).InTurn(context) is not null)
            {
                Log.AlreadyRunning(Logger, Settings.Name, _name);
            }

            // Source: this member's id, so a restorer judges the holder's liveness by incarnation, not by address.
            Reply(context, new DelegateReply(DelegateOutcome.AlreadyStarted, holder, Topology.SelfId, 0, null));
            return;
        }

        if (register.Restore && RecentlyUnregistered(out _))
        {
            // A restore sent before the unregistration reached its holder: the name stays gone.
            Reply(context, DelegateReply.NotFound);
            return;
        }

        _unregisteredAt = 0;
        _spec = register.Spec;
        var state = await TakeState(context, register.Handoff).InTurn(context);
        // Copies to every peer go with the publication (and this member's store learns it hosts the spec from it too),
        // which the worker's shell sends as soon as Started has finished; else the copies go first, then the publication.
        var carried = Specs.CarriesCopies ? _spec : null;
        var arriving = register.Handoff is not null;
        var pipelined = carried is not null || !Settings.CopiesSpecs
            ? new WorkerStart.Publication(Registry, arriving, carried, all, CopyHolder(context, register))
            : null;
        var (pid, failure, published) = await StartWorker(context, register.Handoff, state, pipelined).InTurn(context);
        if (pid is null)
        {
            _spec = null;
            Reply(context, DelegateReply.Failed(failure!));
            return;
        }

        _worker = pid;
        _intensity = null; // a new registration starts with no restarts counted (created at the first restart)
        if (published is null)
        {
            await Specs.Copy(context, _name, _spec).InTurn(context);
            published = await Publish(context, pid, arriving);
        }

        Raise(context, new WorkerStarted(Settings.Name, _name, pid, register.Restore) { Member = context.System.Address });
        await JoinGroups(context, pid, register.Handoff).InTurn(context);
        Reply(context, new DelegateReply(DelegateOutcome.Started, pid, published.Source, published.Sequence, null));
    }

    /// <summary>
    /// The address of the other member a plain registration came from: the publication's delta reaches it before this
    /// delegate's answer does, so it holds the spec's copy without acknowledging it (<c>RegistryActor.SpecCopies.cs</c>).
    /// Not for a handoff's successor (its asker is the member leaving) nor for a restore (kept as it was: acknowledged).
    /// </summary>
    private string? CopyHolder(IContext context, RegisterSupervised register) =>
        register is { Restore: false, Handoff: null } && _asker is { } asker && asker.Address != context.System.Address ? asker.Address : null;

    private async Task OnUnregister(IContext context)
    {
        await SettleStoppedWorker(context).InTurn(context);
        _unregisteredAt = Stopwatch.GetTimestamp();
        if (await HeldByAdopting(context).InTurn(context) is null)
        {
            // Not running, but its member may have just died with copies of its spec waiting to be restored:
            // the application wants the name gone, so the copies go too.
            Specs.Forget(context, _name);
            Reply(context, DelegateReply.NotFound);
            return;
        }

        if (_worker is { } worker)
        {
            _worker = null;
            _spec = null;
            Specs.Forget(context, _name);
            await context.StopAsync(worker).InTurn(context);
            await Registry.Unpublish(context, _name, worker).InTurn(context);
        }
        else if (_claimant is { } claimant)
        {
            _claimant = null;
            _claimantMember = null;
            await Registry.Unpublish(context, _name, claimant).InTurn(context);
        }

        Reply(context, DelegateReply.Removed);
    }
}
