using System.Diagnostics;

namespace Sworm.Membership;

/// <summary>
/// Measures how long this process could not run its work: a dedicated thread (not a thread-pool one, so it keeps
/// running when the pool is starved) queues one small work item at a time to the thread pool and adds up how late
/// each one ran beyond <see cref="Tolerance"/>, and how much it overslept between probes beyond the same tolerance.
/// Thread-pool starvation (a flood of activations on 2 cores) shows up as late probes; blocking GC pauses and a
/// frozen process (every managed thread stops) as oversleeping.
///
/// Why: peers' views reach the membership actor through the thread pool (gRPC reads, then the actor's mailbox).
/// While the local pool is starved, their silence is this process's, not theirs. The membership actor credits the
/// stalled time to every peer's clock (<see cref="MembershipState.CreditLocalStall"/>) so that only time during which
/// this process could have heard them counts towards the heartbeat expiration. Measured under a 300,000-name
/// registration on 2 shared cores: the membership actors' ticks came 2.5 s and 12.3 s late (500,000: 5.8 s, all three
/// in-process members at once).
/// One monitor per process: every in-process member shares the same pool and the same heap.
/// </summary>
internal static class ProcessStallMonitor
{
    /// <summary>How often a probe is queued when the previous one has run.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Lateness not counted as a stall: ordinary queueing on a busy but healthy pool.</summary>
    internal static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(200);

    private static readonly Lazy<Thread> Monitor = new(StartThread);
    private static long _stalledTicks;
    private static long _queuedAt;

    /// <summary>Total stalled time observed since the monitor started, as <see cref="Stopwatch"/> ticks (monotonic).</summary>
    public static long StalledTicks
    {
        get
        {
            _ = Monitor.Value;
            // A probe still waiting counts as stalled so far: the stall in progress is visible before it ends.
            var queuedAt = Volatile.Read(ref _queuedAt);
            var pending = queuedAt == 0 ? 0 : Excess(Stopwatch.GetTimestamp() - queuedAt);
            return Volatile.Read(ref _stalledTicks) + pending;
        }
    }

    /// <summary>Starts the monitor thread if it does not run yet.</summary>
    public static void EnsureStarted() => _ = Monitor.Value;

    private static Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Sworm stall monitor" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        using var ran = new AutoResetEvent(false);
        while (true)
        {
            Volatile.Write(ref _queuedAt, Stopwatch.GetTimestamp());
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                var queuedAt = Interlocked.Exchange(ref _queuedAt, 0);
                Interlocked.Add(ref _stalledTicks, Excess(Stopwatch.GetTimestamp() - queuedAt));
                ((AutoResetEvent)state!).Set();
            }, ran);
            ran.WaitOne();
            // A blocking GC or a frozen process stops this thread too: oversleeping is stalled time as well.
            var slept = Stopwatch.GetTimestamp();
            Thread.Sleep(Interval);
            var overslept = Stopwatch.GetTimestamp() - slept - (long)(Interval.TotalSeconds * Stopwatch.Frequency);
            Interlocked.Add(ref _stalledTicks, Excess(overslept));
        }
    }

    private static long Excess(long lateTicks)
    {
        var tolerance = (long)(Tolerance.TotalSeconds * Stopwatch.Frequency);
        return lateTicks > tolerance ? lateTicks - tolerance : 0;
    }
}
