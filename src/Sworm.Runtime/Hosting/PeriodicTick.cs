using Proto;

namespace Sworm;

/// <summary>Sends an actor the same message every interval until cancelled: timers for actors, off their mailbox.</summary>
internal static class PeriodicTick
{
    public static CancellationTokenSource Start(ActorSystem system, PID target, object message, TimeSpan interval)
    {
        var stop = new CancellationTokenSource();
        _ = Run(system, target, message, interval, stop.Token);
        return stop;
    }

    private static async Task Run(ActorSystem system, PID target, object message, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                system.Root.Send(target, message);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
