using Proto;
using Sworm.Registry;

namespace Sworm.Supervision.Placement;

/// <summary>
/// Read first in this folder. One per sworm per member: the parent of the member's delegates, and the door every
/// request for a name comes through (<see cref="NameRequest"/>). A request for a name with a delegate here goes to it,
/// with the asker as its sender (the delegate answers the asker directly); otherwise the host passes it on to where the
/// name lives (<see cref="NameHosts.PassOn"/>) or starts the name's delegate here. This replaces Proto's identity
/// lookup for delegates: a new name costs one request to its owner and a local spawn (Proto's activation asks the
/// identity owner, then the activator), and a failover restores the names a survivor now owns without a remote call.
/// The registry's word for a name's delegate (a lost conflict, a lost quorum) comes through here too, so the registry
/// keeps no map from worker to delegate. The host never waits: one slow name cannot hold up the others. A name that
/// lives on a member other than its owner (it stayed with its worker when a member joined) is pointed at from the
/// owner (<c>NameHostActor.Away.cs</c>).
/// </summary>
internal sealed partial class NameHostActor(NameHosts hosts, Props delegates) : IActor
{
    private readonly Dictionary<string, PID> _delegates = new(StringComparer.Ordinal);

    // Delegates that could not take their name's actor name (a predecessor still registered with Proto): pid id → name.
    private readonly Dictionary<string, string> _renamed = new(StringComparer.Ordinal);
    private long _renames;
    private EventStreamSubscription<object>? _topology;
    private bool _stopping;
    private string _prefix = "";

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                _prefix = context.Self.Id + "/";
                _topology = hosts.SubscribeToTopology(context.Self);
                break;
            case Proto.Cluster.ClusterTopology:
                OnTopology(context);
                break;
            case NameAway away:
                OnAway(away);
                break;
            case Stopping:
                _stopping = true;
                _topology?.Unsubscribe();
                break;
            case NameRequest request when _stopping:
                // A delegate started now would never be told to stop, and Proto would wait for it forever. The asker
                // routes the request again (to this member's next incarnation, or another member).
                context.Respond(new DeadLetterResponse { Target = context.Self });
                break;
            case NameRequest request:
                Deliver(context, request);
                break;
            case Terminated terminated:
                Forget(context, terminated.Who);
                break;
            case ConflictLost lost:
                ToDelegate(context, lost.Name, lost);
                break;
            case QuorumLost lost:
                ToDelegate(context, lost.Name, lost);
                break;
        }

        return Task.CompletedTask;
    }

    private void Deliver(IContext context, NameRequest request)
    {
        if (!_delegates.TryGetValue(request.Name, out var delegatePid))
        {
            if ((AwayAt(context, request) ?? hosts.PassOn(request)) is { } address)
            {
                context.Request(hosts.At(address), request with { Hops = request.Hops + 1 }, context.Sender);
                return;
            }

            delegatePid = Spawn(context, request.Name);
            _delegates.Add(request.Name, delegatePid);
            if (request.IsArrival || request.Hops >= NameHosts.MaxHops)
            {
                // Started here without asking who owns the name; otherwise PassOn found that this member does.
                PointOwnerHere(context, request.Name, hosts.Members());
            }
        }

        context.Request(delegatePid, request, context.Sender);
    }

    /// <summary>From the registry to the delegate of a name that runs here; none: the registry tells it again later.</summary>
    private void ToDelegate(IContext context, string name, object message)
    {
        if (_delegates.TryGetValue(name, out var delegatePid))
        {
            context.Send(delegatePid, message);
        }
    }

    /// <summary>Named after the name, so a stopped delegate's <c>Terminated</c> says which name it held (no second map).</summary>
    private PID Spawn(IContext context, string name)
    {
        try
        {
            return context.SpawnNamed(delegates, name);
        }
        catch (ProcessNameExistException)
        {
            while (true)
            {
                try
                {
                    var pid = context.SpawnNamed(delegates, "$renamed/" + ++_renames);
                    _renamed[pid.Id] = name;
                    return pid;
                }
                catch (ProcessNameExistException)
                {
                    // an application name of that shape: take the next number
                }
            }
        }
    }

    private void Forget(IContext context, PID delegatePid)
    {
        var name = _renamed.Remove(delegatePid.Id, out var renamed) ? renamed
            : delegatePid.Id.StartsWith(_prefix, StringComparison.Ordinal) ? delegatePid.Id[_prefix.Length..]
            : null;
        if (name is not null && _delegates.TryGetValue(name, out var current) && current.Equals(delegatePid))
        {
            _delegates.Remove(name);
            WithdrawPointer(context, name);
        }
    }
}
