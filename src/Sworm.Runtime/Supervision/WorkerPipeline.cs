using Proto;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision;

/// <summary>
/// How a name host's delegates spawn workers: a <see cref="WorkerShell"/> around the application's actor (the start
/// and stop signals), in a name mailbox (<see cref="NameMailbox"/>), under the host's <see cref="WorkerSupervisor"/>
/// (a Proto guardian, not the host: see there); on handoff sworms also the receiver middlewares of a move, outermost
/// first: the move forwarder (leaving side), the handoff gate (arriving side) and the receiver of a lost conflict's
/// state (<see cref="ConflictStateReceiver"/>). One per host incarnation.
///
/// Workers of other sworms share one Props, so a name does not keep its own Props, producer closures and middleware
/// chain alive for its worker's lifetime. Proto offers no way to hand an instance to a shared Props, so the shell goes
/// through a thread-static slot: Proto calls the producer synchronously inside <c>Spawn</c>, on the spawning thread
/// (and again only on a Proto restart, which never happens to a worker: its supervisor stops a failed worker and its
/// delegate restarts it by spawning a new one).
/// </summary>
internal sealed class WorkerPipeline
{
    [ThreadStatic]
    private static IActor? t_next;

    private readonly WorkerSupervisor _supervisor;

    /// <summary>The supervisor of the workers spawned here.</summary>
    public WorkerSupervisor Supervisor => _supervisor;
    private readonly Handoffs _handoffs;
    private readonly Props _shared;

    public WorkerPipeline(WorkerSupervisor supervisor, Handoffs handoffs)
    {
        _supervisor = supervisor;
        _handoffs = handoffs;
        _shared = Props.FromProducer(TakeNext).WithMailbox(NameMailbox.Create).WithGuardianSupervisorStrategy(supervisor);
    }

    /// <summary>Spawns <paramref name="worker"/>; its <c>Started</c> outcome goes to <paramref name="started"/>.</summary>
    public PID Spawn(IContext host, IActor worker, WorkerStart started, bool arriving)
    {
        var shell = new WorkerShell(worker, started, _supervisor);
        var root = host.System.Root;
        _supervisor.Spawning();
        try
        {
            if (_handoffs.Enabled)
            {
                // The move's middlewares hold per-worker state: a Props of its own.
                return root.Spawn(Props.FromProducer(() => shell).WithMailbox(NameMailbox.Create).WithGuardianSupervisorStrategy(_supervisor)
                    .WithReceiverMiddleware(
                        new MoveForwarder(_handoffs).Middleware,
                        new HandoffGate(_handoffs, arriving).Middleware,
                        new ConflictStateReceiver(_handoffs).Middleware));
            }

            t_next = shell;
            return root.Spawn(_shared);
        }
        catch
        {
            _supervisor.NotSpawned();
            throw;
        }
        finally
        {
            t_next = null;
        }
    }

    private static IActor TakeNext()
    {
        var next = t_next ?? throw new InvalidOperationException(
            "A Sworm worker was incarnated outside its delegate's Spawn (a Proto restart of a worker?); workers are restarted by their delegate.");
        t_next = null;
        return next;
    }
}
