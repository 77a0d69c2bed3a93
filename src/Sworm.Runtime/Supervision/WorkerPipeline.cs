using Proto;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision;

/// <summary>
/// The receiver middlewares the delegate installs on every worker it starts, outermost first: the start signal
/// (<see cref="StartSignal"/>); on handoff sworms the move forwarder (leaving side of a move), the handoff gate
/// (arriving side) and the receiver of a lost conflict's state (<see cref="ConflictStateReceiver"/>).
/// </summary>
internal static class WorkerPipeline
{
    /// <summary>Props for <paramref name="worker"/> that report its <c>Started</c> outcome to <paramref name="started"/>.</summary>
    public static Props Props(IActor worker, TaskCompletionSource started, Handoffs handoffs, bool arriving)
    {
        var props = Proto.Props.FromProducer(() => worker);
        return handoffs.Enabled
            ? props.WithReceiverMiddleware(
                StartSignal.Middleware(started),
                new MoveForwarder(handoffs).Middleware,
                new HandoffGate(handoffs, arriving).Middleware,
                new ConflictStateReceiver(handoffs).Middleware)
            : props.WithReceiverMiddleware(StartSignal.Middleware(started));
    }
}
