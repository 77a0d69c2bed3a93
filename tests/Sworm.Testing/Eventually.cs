using System.Diagnostics;

namespace Sworm.Testing;

/// <summary>
/// Waits for a condition by polling it against a deadline. Tests never sleep a guessed amount: they wait for
/// what they need and fail with a message naming it (and, optionally, the state seen) when it does not happen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static Task Until(Func<bool> condition, string whatWeWaitFor, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), timeout ?? DefaultTimeout, whatWeWaitFor);

    public static Task Until(Func<Task<bool>> condition, string whatWeWaitFor, TimeSpan? timeout = null) =>
        Until(condition, timeout ?? DefaultTimeout, whatWeWaitFor);

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static Task<TimeSpan> Until(Func<bool> condition, TimeSpan timeout, string whatWeWaitFor, Func<string>? describeState = null) =>
        Until(() => Task.FromResult(condition()), timeout, whatWeWaitFor, describeState);

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, TimeSpan timeout, string whatWeWaitFor, Func<string>? describeState = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (await condition().ConfigureAwait(false))
            {
                return Stopwatch.GetElapsedTime(started);
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                var state = describeState is null ? "" : " State: " + describeState();
                throw new TimeoutException($"Timed out after {timeout.TotalMilliseconds:0} ms waiting for {whatWeWaitFor}.{state}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="probe"/> returns a value that satisfies <paramref name="accept"/>, and returns it.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> probe, Func<T, bool> accept, string whatWeWaitFor, TimeSpan? timeout = null)
    {
        T value = default!;
        await Until(async () => accept(value = await probe().ConfigureAwait(false)), whatWeWaitFor, timeout).ConfigureAwait(false);
        return value;
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
