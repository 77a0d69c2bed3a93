using Proto;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision;

/// <summary>
/// How the delegate spawns a worker: a <see cref="WorkerShell"/> around the application's actor (the start signal),
/// in a name mailbox (<see cref="NameMailbox"/>); on handoff sworms also the receiver middlewares of a move, outermost
/// first: the move forwarder (leaving side), the handoff gate (arriving side) and the receiver of a lost conflict's
/// state (<see cref="ConflictStateReceiver"/>).
///
/// Workers of other sworms share one Props, so a name does not keep its own Props, producer closures and middleware
/// chain alive for its worker's lifetime. Proto offers no way to hand an instance to a shared Props, so the shell goes
/// through a thread-static slot: Proto calls the producer synchronously inside <c>Spawn</c>, on the spawning thread
/// (and again only on a Proto restart, which never happens to a worker: its delegate stops a failed worker and
/// restarts it by spawning a new one).
/// </summary>
internal static class WorkerPipeline
{
    [ThreadStatic]
    private static IActor? t_next;

    private static readonly Props Shared = Props.FromProducer(TakeNext).WithMailbox(NameMailbox.Create);

    /// <summary>Spawns <paramref name="worker"/> as a child of <paramref name="parent"/>; its <c>Started</c> outcome goes to <paramref name="started"/>.</summary>
    public static PID Spawn(IContext parent, IActor worker, TaskCompletionSource started, Handoffs handoffs, bool arriving)
    {
        var shell = new WorkerShell(worker, started);
        if (handoffs.Enabled)
        {
            // The move's middlewares hold per-worker state: a Props of its own.
            return parent.Spawn(Props.FromProducer(() => shell).WithMailbox(NameMailbox.Create).WithReceiverMiddleware(
                new MoveForwarder(handoffs).Middleware,
                new HandoffGate(handoffs, arriving).Middleware,
                new ConflictStateReceiver(handoffs).Middleware));
        }

        t_next = shell;
        try
        {
            return parent.Spawn(Shared);
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
