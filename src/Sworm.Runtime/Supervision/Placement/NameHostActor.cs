using Proto;
using Sworm.Registry;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision.Placement;

/// <summary>
/// Read first in this folder. One per sworm per member: the door every request for a name comes through
/// (<see cref="NameRequest"/>), the keeper of the member's name delegates (<see cref="NameDelegates"/>, one slot per
/// name, not an actor) and the supervisor of their workers (through <see cref="WorkerSupervisor"/>; not their
/// parent). A request for a name with a delegate here goes to it, which answers the asker directly; otherwise the host
/// passes it on to where the name lives (<see cref="NameHosts.PassOn"/>) or makes the name's delegate here. This replaces Proto's identity lookup: a new
/// name costs one request to its owner and one actor spawn (its worker), and a failover restores the names a survivor
/// now owns without a remote call. The registry's word for a name (a lost conflict, a lost quorum, a claimed process's
/// stop) and the leave step's (hand the worker off) come through here too, by name. The host never waits: a delegate
/// that waits resumes in a later turn (<see cref="TurnAwaitable"/>), so one slow name cannot hold up the others. A
/// name that lives on a member other than its owner (it stayed with its worker when a member joined) is pointed at
/// from the owner (<c>NameHostActor.Away.cs</c>).
/// </summary>
internal sealed partial class NameHostActor(NameHosts hosts, NameDelegates delegates) : IActor
{
    private EventStreamSubscription<object>? _topology;
    private bool _stopping;

    public Task ReceiveAsync(IContext context)
    {
        // Continuations of this host that become ready during the turn run in it (TurnContinuation.PostOrRun).
        var outer = TurnContinuation.EnterTurn(_stopping ? null : this);
        try
        {
            return Receive(context);
        }
        finally
        {
            TurnContinuation.LeaveTurn(outer);
        }
    }

    private Task Receive(IContext context)
    {
        switch (context.Message)
        {
            case TurnContinuation continuation:
                // A stopping host drops its delegates' pending steps (they were abandoned), as Proto drops continuations.
                if (!_stopping && ReferenceEquals(continuation.Owner, this))
                {
                    continuation.Run();
                }

                break;
            case Started:
                delegates.Start(context);
                _topology = hosts.SubscribeToTopology(context.Self);
                delegates.Dropped = WithdrawPointer;
                break;
            case Proto.Cluster.ClusterTopology:
                OnTopology(context);
                break;
            case NameAway away:
                OnAway(away);
                break;
            case Stopping or Restarting:
                // The workers stop with the host (a restarted host starts with an empty table): nothing restarts them,
                // and whoever waits on a delegate routes again (the host drops its delegates' pending steps from now on).
                _stopping = true;
                TurnContinuation.EnterTurn(null); // nothing of this host runs any more, not even inline
                delegates.Stopping = true;
                delegates.Abandon(context);
                _topology?.Unsubscribe();
                return delegates.StopWorkers(context);
            case NameRequest when _stopping:
                // A worker started now would never be stopped, and Proto would wait for it forever. The asker routes
                // the request again (to this member's next incarnation, or another member).
                context.Respond(new DeadLetterResponse { Target = context.Self });
                break;
            case NameRequest request:
                Deliver(context, request);
                break;
            case WorkerExited exited:
                delegates.Stopped(context, exited.Worker);
                break;
            case ConflictLost lost:
                // None here: the registry tells it again later.
                delegates.Post(context, lost.Name, lost, null);
                break;
            case QuorumLost lost:
                delegates.Post(context, lost.Name, lost, null);
                break;
            case TrackedProcessStopped stopped:
                delegates.Post(context, stopped.Name, stopped, null);
                break;
            case ClaimAdopted adopted:
                delegates.Post(context, adopted.Name, adopted, null);
                break;
            case HandOffWorker handOff when !delegates.Post(context, handOff.Name, handOff, context.Sender):
                context.Respond(WorkerHandedOff.NotMoved(handOff.Name));
                break;
            case CaptureConflictState capture when !delegates.Post(context, capture.Name, capture, context.Sender):
                context.Respond(new ConflictStateCaptured(capture.Name, null));
                break;
            case TombstoneExpired expired:
                delegates.Expired(context, expired.Name);
                break;
        }

        return Task.CompletedTask;
    }

    private void Deliver(IContext context, NameRequest request)
    {
        if (!delegates.TryGet(request.Name, out var nameDelegate))
        {
            if ((AwayAt(context, request) ?? hosts.PassOn(request)) is { } address)
            {
                context.Request(hosts.At(address), request with { Hops = request.Hops + 1 }, context.Sender);
                return;
            }

            nameDelegate = delegates.Add(request.Name);
            if (request.IsArrival || request.Hops >= NameHosts.MaxHops)
            {
                // Started here without asking who owns the name; otherwise PassOn found that this member does.
                PointOwnerHere(context, request.Name, hosts.Members());
            }
        }

        nameDelegate.Post(context, request, context.Sender);
    }
}
