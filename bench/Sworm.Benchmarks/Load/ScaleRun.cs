using System.Diagnostics;

namespace Sworm.Benchmarks.Load;

/// <summary>
/// Many names on 3 in-process members: raw Proto activating N identities, then Sworm registering N names
/// (RegisterName alone, 64 in flight). Reports the rate and the managed heap per name (all members share the heap).
/// </summary>
internal static class ScaleRun
{
    public const int Members = 3;
    private static readonly TimeSpan BatchDeadline = TimeSpan.FromMinutes(3);

    public static async Task<Dictionary<string, double>> Run(IClusterSide side, int names)
    {
        var results = new Dictionary<string, double>();
        var prefix = "s" + Guid.NewGuid().ToString("N")[..6];
        var register = side is SwormSide sworm
            ? (Func<int, Task>)(i => sworm.Register(i % Members, $"{prefix}-{i}"))
            : i => side.NewName(i % Members, $"{prefix}-{i}");
        await Measure.Throughput(1_000, BenchOptions.InFlight, i => side.NewName(i % Members, $"{prefix}-warm-{i}"));
        var heapBefore = Measure.SettledHeap();
        var clock = Stopwatch.StartNew();
        var step = Math.Max(1, names / 10);
        for (var from = 0; from < names; from += step)
        {
            var count = Math.Min(step, names - from);
            var start = from;
            try
            {
                await Measure.Throughput(count, BenchOptions.InFlight, i => register(start + i)).WaitAsync(BatchDeadline);
            }
            catch (TimeoutException e) when (e is not SwormTimeoutException)
            {
                // A stalled cluster (calls that never end) must end the run with a message, not hang it.
                throw new TimeoutException($"{side.Label} stalled after {from:N0} names: {count:N0} more did not finish within {BatchDeadline.TotalMinutes} min", e);
            }

            Console.WriteLine($"  {side.Label}: {from + count:N0} names after {clock.Elapsed.TotalSeconds:0.0} s, " +
                              $"heap {GC.GetTotalMemory(false) / 1048576.0:N0} MB, working set {Environment.WorkingSet / 1048576.0:N0} MB");
        }

        results[Metric.ScaleRate] = names / clock.Elapsed.TotalSeconds;
        if (side is SwormSide settling)
        {
            await InProcessWorkloads.Settle(settling, names + 1_000);
        }

        results[Metric.ScaleHeap] = (Measure.SettledHeap() - heapBefore) / (double)names;
        Console.WriteLine($"  {side.Label}: {names:N0} names at {results[Metric.ScaleRate]:N0}/s, heap {results[Metric.ScaleHeap] / 1024:0.00} KB per name");
        return results;
    }
}
