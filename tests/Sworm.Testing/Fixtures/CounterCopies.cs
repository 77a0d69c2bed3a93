using System.Collections.Concurrent;

namespace Sworm.Testing.Fixtures;

/// <summary>
/// How many <see cref="Counter"/>s run in this process, in total and per start value (tests give each counter a distinct
/// start, and a successor has its predecessor's spec, so the start value names the counter): "never two live copies of a
/// name" is checked on <see cref="MaxLiveOf"/>, and on constructions (one per start, plus one per move).
/// </summary>
public static class CounterCopies
{
    private static readonly ConcurrentDictionary<int, int> Live = new();
    private static readonly ConcurrentDictionary<int, int> MaxLive = new();
    private static readonly ConcurrentDictionary<int, int> Constructions = new();
    private static int _live;
    private static int _constructed;

    /// <summary>Counters started and not yet stopped in this process.</summary>
    public static int LiveTotal => Volatile.Read(ref _live);

    /// <summary>Counters ever constructed in this process.</summary>
    public static int ConstructedTotal => Volatile.Read(ref _constructed);

    /// <summary>Counters with this start value running now in this process.</summary>
    public static int LiveOf(int start) => Live.TryGetValue(start, out var n) ? n : 0;

    /// <summary>The most counters with this start value that ever ran at once in this process.</summary>
    public static int MaxLiveOf(int start) => MaxLive.TryGetValue(start, out var n) ? n : 0;

    /// <summary>Counters with this start value ever constructed in this process.</summary>
    public static int ConstructedOf(int start) => Constructions.TryGetValue(start, out var n) ? n : 0;

    internal static bool OnConstructed(int start)
    {
        Constructions.AddOrUpdate(start, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _constructed);
        return true;
    }

    internal static void OnStarted(int start)
    {
        var now = Live.AddOrUpdate(start, 1, (_, n) => n + 1);
        MaxLive.AddOrUpdate(start, now, (_, max) => Math.Max(max, now));
        Interlocked.Increment(ref _live);
    }

    internal static void OnStopped(int start)
    {
        Live.AddOrUpdate(start, 0, (_, n) => n - 1);
        Interlocked.Decrement(ref _live);
    }
}
