using System.Diagnostics;

namespace Sworm.Benchmarks;

/// <summary>Runs operations at a fixed number in flight or one after another, and summarises the samples.</summary>
internal static class Measure
{
    /// <summary>Runs <paramref name="count"/> operations, <paramref name="inFlight"/> at a time; returns operations per second.</summary>
    public static async Task<double> Throughput(int count, int inFlight, Func<int, Task> operation)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Runs <paramref name="count"/> operations one after another: the latency of each in microseconds, and the bytes
    /// allocated per operation by the whole process (every member lives in it, so both ends of a remote call count).
    /// </summary>
    public static async Task<(double[] Micros, double BytesPerCall)> Sequential(int count, Func<int, Task> operation)
    {
        var samples = new double[count];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(i);
            // Not GetElapsedTime: a TimeSpan rounds to 100 ns, too coarse for a local request.
            samples[i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (samples, (double)allocated / count);
    }

    /// <summary>Managed heap in bytes after a full, compacting collection.</summary>
    public static long SettledHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// <see cref="SettledHeap"/> once it has not fallen for 7 s (at most 30 s): a cluster just stopped is let go in
    /// steps, the last when its requests still in flight have ended (Hosting/ProtoSharedFutures.cs), and a
    /// baseline taken before would count its names as those of the cluster measured next.
    /// </summary>
    public static long QuietHeap()
    {
        var clock = Stopwatch.StartNew();
        var low = SettledHeap();
        var lowAt = clock.Elapsed;
        while (clock.Elapsed - lowAt < TimeSpan.FromSeconds(7) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(500);
            var heap = SettledHeap();
            if (heap < low - 256 * 1024)
            {
                (low, lowAt) = (heap, clock.Elapsed);
            }
        }

        return low;
    }

    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);
}
