using Proto;
using Proto.Timers;

namespace Sworm.Lifecycle;

/// <summary>
/// Repeating ticks that end with their member. Proto 1.8.0's <c>Scheduler.SendRepeatedly</c> runs until its
/// cancellation source is cancelled, and its actor system's shutdown stops no actor (it only cancels
/// <see cref="ActorSystem.Shutdown"/>), so a tick whose actor never saw <see cref="Stopping"/> kept its actor, and
/// through it the whole stopped member (names, workers, registry), in memory for good.
/// </summary>
internal static class SystemTimers
{
    /// <summary>
    /// Sends <paramref name="message"/> to the actor itself every <paramref name="interval"/> until the returned source is
    /// cancelled or the actor system shuts down.
    /// </summary>
    public static CancellationTokenSource SendRepeatedly(IContext context, TimeSpan interval, object message)
    {
        var timer = context.Scheduler().SendRepeatedly(interval, context.Self, message);
        var onShutdown = context.System.Shutdown.UnsafeRegister(static state => Cancel((CancellationTokenSource)state!), timer);
        // Cancelled by its actor first: the system's token lets go of it (an actor that restarts starts a new one).
        timer.Token.UnsafeRegister(static state => ((CancellationTokenRegistration)state!).Dispose(), onShutdown);
        return timer;
    }

    private static void Cancel(CancellationTokenSource timer)
    {
        try
        {
            timer.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // its actor disposed it: already stopped
        }
    }
}
