using Sworm.Benchmarks.Report;

namespace Sworm.Benchmarks.Load;

/// <summary>The <c>--scale N</c> run: raw Proto then Sworm, each on fresh members, one run each; its rows.</summary>
internal static class ScaleRows
{
    public static async Task<IReadOnlyList<ResultRow>> Run(BenchOptions options)
    {
        Dictionary<string, double> raw, sworm;
        Console.WriteLine($"scale: raw Proto, {ScaleRun.Members} members, {options.Scale:N0} names");
        await using (var side = await RawSide.Start(ScaleRun.Members))
        {
            raw = await ScaleRun.Run(side, options.Scale);
        }

        // Collect raw Proto's million dead actors now, not in the middle of Sworm's first registrations.
        Measure.SettledHeap();
        Console.WriteLine($"scale: Sworm, {ScaleRun.Members} members, {options.Scale:N0} names");
        await using (var side = await SwormSide.Start(ScaleRun.Members))
        {
            sworm = await ScaleRun.Run(side, options.Scale);
        }

        return
        [
            new(Metric.ScaleRate, $"{options.Scale:N0} new names on {ScaleRun.Members} members: raw first request (activation) vs Sworm RegisterName, " +
                                  $"{BenchOptions.InFlight} in flight", "ops/s", true, raw[Metric.ScaleRate], sworm[Metric.ScaleRate]),
            new(Metric.ScaleHeap, $"managed heap per name at {options.Scale:N0} names, worker included, all members", "KB", false,
                raw[Metric.ScaleHeap] / 1024, sworm[Metric.ScaleHeap] / 1024),
        ];
    }

    public static string Method(BenchOptions options) =>
        $"{ScaleRun.Members} members per side in one process on loopback; raw Proto first, then Sworm, one run each. " +
        "Heap: GC.GetTotalMemory after a full compacting collection, before and after the names (Sworm: after every member holds them), divided by N.";
}
