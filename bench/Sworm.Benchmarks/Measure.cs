using System.Diagnostics;

namespace Sworm.Benchmarks;

/// <summary>Runs operations at a fixed number in flight, and summarises latencies.</summary>
internal static class Measure
{
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

    public static double Percentile(List<double> samples, double p)
    {
        samples.Sort();
        return samples[Math.Clamp((int)Math.Ceiling(p / 100 * samples.Count) - 1, 0, samples.Count - 1)];
    }
}
