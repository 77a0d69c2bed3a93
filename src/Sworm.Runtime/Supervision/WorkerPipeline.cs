using Proto;

namespace Sworm.Supervision;

/// <summary>
/// The receiver middlewares the delegate installs on every worker it starts, in order. Today: the start signal
/// (<see cref="StartSignal"/>). This is the seam where a move holds or forwards a worker's messages (handoff).
/// </summary>
internal static class WorkerPipeline
{
    /// <summary>Props for <paramref name="worker"/> that report its <c>Started</c> outcome to <paramref name="started"/>.</summary>
    public static Props Props(IActor worker, TaskCompletionSource started) =>
        Proto.Props.FromProducer(() => worker).WithReceiverMiddleware(StartSignal.Middleware(started));
}
