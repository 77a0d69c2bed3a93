using System.Diagnostics;

namespace Sworm.Cluster.Tests.Infrastructure;

/// <summary>
/// Waits for a condition by polling it against a deadline. Tests never sleep a guessed amount: they wait for
/// what they need and fail with a message naming it when it does not happen in time.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static Task<TimeSpan> Until(Func<bool> condition, TimeSpan timeout, string whatWeWaitFor, Func<string>? describeState = null) =>
        Until(() => Task.FromResult(condition()), timeout, whatWeWaitFor, describeState);

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, TimeSpan timeout, string whatWeWaitFor, Func<string>? describeState = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (await condition().ConfigureAwait(false)) return Stopwatch.GetElapsedTime(started);
            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                var state = describeState is null ? "" : " State: " + describeState();
                throw new TimeoutException($"Timed out after {timeout.TotalMilliseconds:0} ms waiting for {whatWeWaitFor}.{state}");
            }
            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks that <paramref name="invariant"/> holds at every poll for the whole <paramref name="duration"/>:
    /// for properties that must stay true ("the old id never comes back"), observed over several gossip rounds.
    /// </summary>
    public static async Task Holds(Func<bool> invariant, TimeSpan duration, string whatMustHold, Func<string>? describeState = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            if (!invariant())
            {
                var state = describeState is null ? "" : " State: " + describeState();
                throw new InvalidOperationException(
                    $"Expected {whatMustHold} for {duration.TotalMilliseconds:0} ms, but it broke after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms.{state}");
            }
            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }
}
