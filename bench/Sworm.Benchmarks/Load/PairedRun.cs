namespace Sworm.Benchmarks.Load;

/// <summary>
/// The close comparisons measured side by side: raw Proto's and Sworm's clusters both up in this process, their work in
/// short alternating blocks (new names, then sequential requests), each side's total over all its blocks. Separate
/// windows of half a second each put the two sides in different states of a shared machine and of one managed heap (a
/// gen2 collection lands in one side's window); alternating blocks give both sides the same states, so a ratio near
/// 1.0 is not decided by which window the noise fell in.
/// </summary>
internal static class PairedRun
{
    private const int NameBlock = 2_000;
    private const int RequestBlock = 1_000;

    /// <summary>A measure's value for each side, from the paired blocks.</summary>
    public sealed record Pair(double Raw, double Sworm);

    public static async Task<Dictionary<string, Pair>> Run(BenchOptions options)
    {
        var prefix = "p" + Guid.NewGuid().ToString("N")[..4];
        await using var raw = await RawSide.Start(options.Members);
        await using var sworm = await SwormSide.Start(options.Members);
        IClusterSide[] sides = [raw, sworm];
        foreach (var side in sides)
        {
            await InProcessWorkloads.WarmUp(side, options, prefix + "w");
        }

        var results = new Dictionary<string, Pair>();
        var blocks = Math.Max(1, options.Names / NameBlock) * 2; // twice a run's names per side; even, so each side goes first as often
        var seconds = new double[2];
        var gen2 = new int[2];
        for (var b = 0; b < blocks; b++)
        {
            foreach (var s in b % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var side = sides[s];
                var collections = GC.CollectionCount(2);
                var block = b;
                var rate = await Measure.Throughput(NameBlock, BenchOptions.InFlight, i => side.NewName(i % side.Size, $"{prefix}-{block}-{i}"));
                seconds[s] += NameBlock / rate;
                gen2[s] += GC.CollectionCount(2) - collections;
            }
        }

        var names = blocks * NameBlock;
        results[Metric.NewName] = new(names / seconds[0], names / seconds[1]);
        Console.WriteLine($"  paired: {names:N0} new names per side in {blocks} alternating blocks: raw Proto {names / seconds[0]:N0}/s, " +
                          $"Sworm {names / seconds[1]:N0}/s ({seconds[0] / seconds[1]:0.00}x); gen2 collections in raw's blocks {gen2[0]}, in Sworm's {gen2[1]}");

        // Sequential requests from member 0 to names on another member, then on member 0, alternating blocks likewise.
        var targets = new (List<string> Remote, List<string> Local)[2];
        for (var s = 0; s < 2; s++)
        {
            targets[s] = ([], []);
            for (var i = 0; i < NameBlock && (targets[s].Remote.Count < 100 || targets[s].Local.Count < 100); i++)
            {
                var name = $"{prefix}-0-{i}";
                var here = await sides[s].Request(0, name);
                (here.Address == sides[s].AddressOf(0) ? targets[s].Local : targets[s].Remote).Add(name);
            }
        }

        var requests = options.Short ? 2_000 : 20_000;
        if (await Sequential(sides, "remote", s => targets[s].Remote, requests) is { } remote)
        {
            results[Metric.RemoteP50] = new(Measure.Percentile(remote[0], 50), Measure.Percentile(remote[1], 50));
            results[Metric.RemoteP999] = new(Measure.Percentile(remote[0], 99.9), Measure.Percentile(remote[1], 99.9));
        }

        if (await Sequential(sides, "local", s => targets[s].Local, requests) is { } local)
        {
            results[Metric.LocalP50] = new(Measure.Percentile(local[0], 50), Measure.Percentile(local[1], 50));
        }

        return results;
    }

    /// <summary>
    /// Sequential requests from member 0 to each side's <paramref name="targets"/>, in alternating blocks after one
    /// warm-up block each: the latencies in µs per side, or null when a side has no such names.
    /// </summary>
    private static async Task<List<double>[]?> Sequential(IClusterSide[] sides, string label, Func<int, List<string>> targets, int requests)
    {
        if (targets(0).Count == 0 || targets(1).Count == 0)
        {
            return null;
        }

        var samples = new List<double>[] { new(requests), new(requests) };
        for (var b = -1; b < requests / RequestBlock; b++)
        {
            foreach (var s in b % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var names = targets(s);
                var side = sides[s];
                var (micros, _) = await Measure.Sequential(RequestBlock, i => side.Request(0, names[i % names.Count]));
                if (b >= 0)
                {
                    samples[s].AddRange(micros); // block -1 warms both paths up
                }
            }
        }

        Console.WriteLine($"  paired: {label} sequential requests, {samples[0].Count:N0} per side in alternating blocks: p50 raw Proto " +
                          $"{Measure.Percentile(samples[0], 50):0.00} µs, Sworm {Measure.Percentile(samples[1], 50):0.00} µs");
        return samples;
    }
}
