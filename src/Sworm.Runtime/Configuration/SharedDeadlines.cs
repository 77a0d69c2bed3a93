using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sworm.Configuration;

/// <summary>
/// Deadline tokens shared by every call whose deadline falls in the same 50 ms slot: a token fires at the end of its
/// slot, so never before the deadline and at most 50 ms after it. A registration or a restore makes three or four
/// bounded calls (a spec copy, a publication, a worker's start, the caller's wait); a token source and a timer each was
/// the second largest allocation of a 100,000-name failover and took the timer queue's lock every time (measured with
/// <c>dotnet-trace</c>). Now about 20 sources a second live, whatever the load. Proto's <c>CancellationTokens.FromSeconds</c>
/// does the same by whole seconds, and may fire up to 0.5 s early; this one never fires early.
/// </summary>
internal static class SharedDeadlines
{
    private static readonly long Slot = Stopwatch.Frequency / 20;
    private static readonly ConcurrentDictionary<long, CancellationTokenSource> Sources = new();

    /// <summary>A token cancelled no earlier than <paramref name="timeout"/> from now (at most 50 ms later).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public static CancellationToken After(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var now = Stopwatch.GetTimestamp();
        var end = now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var slot = end / Slot + 1; // the slot's end is after the deadline
        if (Sources.TryGetValue(slot, out var existing))
        {
            return existing.Token;
        }

        var created = new CancellationTokenSource();
        var source = Sources.GetOrAdd(slot, created);
        if (!ReferenceEquals(source, created))
        {
            created.Dispose();
            return source.Token;
        }

        // Removed when it fires: a call that asks for this slot later gets a new source (there is none: slots only move on).
        source.Token.UnsafeRegister(static state => Sources.TryRemove((long)state!, out _), slot);
        // Rounded up to the timer's millisecond, so it never fires before the slot's end.
        source.CancelAfter(TimeSpan.FromMilliseconds(Math.Ceiling((slot * Slot - now) * 1000.0 / Stopwatch.Frequency) + 1));
        return source.Token;
    }
}
