using System.Diagnostics;
using Sworm.Testing;

namespace Sworm.Benchmarks.Load;

/// <summary>
/// The workloads both sides run with all members in this process (one managed heap, so a heap or allocation count
/// covers every member): new names, requests by name, sequential latency, heap per name, bytes per request; and the
/// Sworm-only ones (RegisterName alone, replication delay).
/// </summary>
internal static class InProcessWorkloads
{
    private const int InFlight = BenchOptions.InFlight;
    private const int WarmupRound = 10_000;
    private const int MaxWarmupRounds = 10;

    public static async Task<Dictionary<string, double>> Run(IClusterSide side, BenchOptions options, string prefix)
    {
        var results = new Dictionary<string, double>();
        var n = options.Names;
        var size = side.Size;
        string Name(int i) => $"{prefix}-n-{i}";

        // Heap per name counts every name this cluster holds, from empty: a window of some of them would charge a
        // per-name table's doubling (the new array, for all names before) to the names that happened to cross it
        // (measured: 1.7 KB in most windows of 10,000 Sworm names, 2.3 and 3.0 KB in the two that crossed).
        var heapEmpty = Measure.QuietHeap();
        var (warm, warmed) = await WarmUp(side, options, prefix);
        await Measure.Throughput(warm * 2, InFlight, i => side.Request(i % size, $"{prefix}-w0-{i % warm}"));

        results[Metric.NewName] = await Measure.Throughput(n, InFlight, i => side.NewName(i % size, Name(i)));
        if (side is SwormSide settling)
        {
            // Every member holds a registry entry per name: count the heap once the last delta has arrived everywhere.
            await Settle(settling, warmed + n);
        }

        results[Metric.HeapPerName] = (Measure.SettledHeap() - heapEmpty) / (double)(warmed + n);
        Console.WriteLine($"  {side.Label}: {n:N0} new names at {results[Metric.NewName]:N0}/s, heap {results[Metric.HeapPerName] / 1024:0.00} KB per name ({warmed + n:N0} names)");

        results[Metric.Request] = await Measure.Throughput(n * 3, InFlight, i => side.Request(i % size, Name(i % n)));

        // Names hosted on member 0 (local) and on another member (remote), as seen from member 0.
        var local = new List<string>();
        var remote = new List<string>();
        for (var i = 0; i < n && (local.Count < 100 || remote.Count < 100); i++)
        {
            var here = await side.Request(0, Name(i));
            (here.Address == side.AddressOf(0) ? local : remote).Add(Name(i));
        }

        var sequential = options.Short ? 2_000 : 20_000;
        await Measure.Sequential(1_000, i => side.Request(0, remote[i % remote.Count]));
        var (remoteMicros, bytes) = await Measure.Sequential(sequential, i => side.Request(0, remote[i % remote.Count]));
        results[Metric.RemoteP50] = Measure.Percentile(remoteMicros, 50);
        results[Metric.RemoteP999] = Measure.Percentile(remoteMicros, 99.9);
        results[Metric.BytesPerRequest] = bytes;
        if (local.Count > 0)
        {
            await Measure.Sequential(1_000, i => side.Request(0, local[i % local.Count]));
            var (localMicros, _) = await Measure.Sequential(sequential, i => side.Request(0, local[i % local.Count]));
            results[Metric.LocalP50] = Measure.Percentile(localMicros, 50);
        }

        if (side is SwormSide sworm)
        {
            results[Metric.RegisterAlone] = await Measure.Throughput(n, InFlight, i => sworm.Register(i % size, $"{prefix}-r-{i}"));
            var delays = await ReplicationDelays(sworm, prefix, options.Short ? 200 : 1_000);
            results[Metric.ReplicationP50] = Measure.Percentile(delays, 50);
            results[Metric.ReplicationP99] = Measure.Percentile(delays, 99);
        }

        Console.WriteLine("  " + side.Label + ": " + string.Join(", ", results.Select(r => $"{r.Key} {r.Value:0.##}")));
        return results;
    }

    /// <summary>
    /// Warm-up (JIT, connections, Proto's caches) on this side's own cluster until its new-name rate is steady:
    /// tiered compilation and dynamic PGO keep recompiling for tens of thousands of registrations here (in a probe, a
    /// fresh process's rate doubled over its first 60,000 new names, Sworm's and raw Proto's alike). Returns the round
    /// size and how many names it registered.
    /// </summary>
    public static async Task<(int Round, int Names)> WarmUp(IClusterSide side, BenchOptions options, string prefix)
    {
        var size = side.Size;
        var warm = options.Short ? Math.Min(1_000, options.Names) : WarmupRound;
        var warmed = 0;
        var rates = new List<double>();
        for (var round = 0; round < (options.Short ? 1 : MaxWarmupRounds); round++)
        {
            rates.Add(await Measure.Throughput(warm, InFlight, i => side.NewName(i % size, $"{prefix}-w{round}-{i}")));
            warmed += warm;
            if (rates.Count >= 3 && rates[^1] < rates[^2] * 1.05 && rates[^2] < rates[^3] * 1.05)
            {
                break; // two rounds without a 5% gain
            }
        }

        Console.WriteLine($"  {side.Label}: warm-up {warmed:N0} new names, rounds at {string.Join(" / ", rates.Select(r => r.ToString("N0")))}/s");
        return (warm, warmed);
    }

    /// <summary>Waits until every member's registry holds <paramref name="names"/> names (the heap counts their replicas too).</summary>
    public static Task Settle(SwormSide sworm, int names) =>
        Eventually.Until(async () =>
        {
            for (var m = 0; m < sworm.Size; m++)
            {
                if ((await sworm.On(m).Registered()).Count < names)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(60), $"every member to hold all {names} names");

    /// <summary>From RegisterName returning on member 0 until WhereIsName finds the name on member 1, in milliseconds.</summary>
    private static async Task<List<double>> ReplicationDelays(SwormSide sworm, string prefix, int count)
    {
        var delays = new List<double>(count);
        var other = sworm.On(1);
        var deadline = TimeSpan.FromSeconds(10);
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}-replicated-{i}";
            await sworm.Register(0, name);
            var returned = Stopwatch.GetTimestamp();
            while (await other.WhereIsName(name) is null)
            {
                if (Stopwatch.GetElapsedTime(returned) > deadline)
                {
                    throw new TimeoutException($"'{name}' did not reach member 1 within {deadline.TotalSeconds} s");
                }

                Thread.SpinWait(20);
            }

            delays.Add(Stopwatch.GetElapsedTime(returned).TotalMilliseconds);
        }

        return delays;
    }
}
