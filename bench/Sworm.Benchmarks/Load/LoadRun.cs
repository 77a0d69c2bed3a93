using Sworm.Benchmarks.Report;

namespace Sworm.Benchmarks.Load;

/// <summary>
/// The default run: every in-process workload on raw Proto.Cluster and on Sworm, alternating which side goes first,
/// each run on fresh clusters; then kill -9 failover with member processes. Medians of the runs.
/// </summary>
internal static class LoadRun
{
    public static async Task<IReadOnlyList<ResultRow>> Run(BenchOptions options, bool inProcess = true, bool failover = true, bool handoff = true)
    {
        var raw = new List<Dictionary<string, double>>();
        var sworm = new List<Dictionary<string, double>>();
        if (inProcess && !options.Short)
        {
            // JIT'd code is process-wide: both sides warm up once before any run, or the side that goes second in the
            // first run would find the code both share (Proto's) compiled by the other, which did not.
            foreach (var rawSide in new[] { true, false })
            {
                Console.WriteLine($"process warm-up: {(rawSide ? "raw Proto" : "Sworm")}");
                await using IClusterSide side = rawSide ? await RawSide.Start(options.Members) : await SwormSide.Start(options.Members);
                await InProcessWorkloads.WarmUp(side, options, "pw" + Guid.NewGuid().ToString("N")[..4]);
            }
        }

        for (var run = 0; inProcess && run < options.Runs; run++)
        {
            var prefix = "r" + run + Guid.NewGuid().ToString("N")[..4];
            foreach (var rawFirst in run % 2 == 0 ? new[] { true, false } : [false, true])
            {
                Console.WriteLine($"run {run + 1}/{options.Runs}: {(rawFirst ? "raw Proto" : "Sworm")}, {options.Members} members, {options.Names:N0} names");
                await using IClusterSide side = rawFirst ? await RawSide.Start(options.Members) : await SwormSide.Start(options.Members);
                (rawFirst ? raw : sworm).Add(await InProcessWorkloads.Run(side, options, prefix));
            }
        }

        Dictionary<string, PairedRun.Pair>? paired = null;
        if (inProcess)
        {
            Console.WriteLine($"paired: raw Proto and Sworm up together, new names and sequential requests in alternating blocks");
            paired = await PairedRun.Run(options);
        }

        var failovers = new List<(double All, double Detection, int OnVictim, int Total)>();
        for (var run = 0; failover && run < options.Runs; run++)
        {
            Console.WriteLine($"failover {run + 1}/{options.Runs}: kill -9 of a member process hosting {options.FailoverNames:N0} names");
            failovers.Add(await FailoverRun.Run(options.FailoverNames, TimeSpan.FromSeconds(60)));
        }

        (double All, double Detection, int OnVictim, int Total)? large = null;
        (double One, double All, int Workers)? handoffs = null;
        if (handoff)
        {
            Console.WriteLine($"handoff: SIGTERM of a member process hosting 1, then {options.HandoffWorkers:N0} handoff counters");
            handoffs = await HandoffRun.Run(options.HandoffWorkers, TimeSpan.FromSeconds(60));
        }

        if (failover && options.Failover100K)
        {
            Console.WriteLine("failover: kill -9 of a member process hosting 100,000 names");
            large = await FailoverRun.Run(100_000, TimeSpan.FromMinutes(3));
        }

        var rows = Rows(raw, sworm, paired, failovers, large);
        if (handoffs is { } h)
        {
            rows.Add(new(Metric.HandoffOne, "SIGTERM of a member process → its 1 handoff counter serving on the survivor with its value", "s", false, null, h.One,
                "raw Proto.Cluster has no state handoff; one run"));
            rows.Add(new(Metric.HandoffAll, $"SIGTERM of a member process → all {h.Workers:N0} of its handoff counters serving on the survivor with their values", "s", false, null, h.All,
                "one run"));
        }

        return inProcess ? rows : rows.Where(r => r.Key.StartsWith(Metric.FailoverAll, StringComparison.Ordinal) || r.Key.StartsWith("handoff", StringComparison.Ordinal)).ToList();
    }

    private static List<ResultRow> Rows(List<Dictionary<string, double>> raw, List<Dictionary<string, double>> sworm, Dictionary<string, PairedRun.Pair>? paired,
        List<(double All, double Detection, int OnVictim, int Total)> failovers, (double All, double Detection, int OnVictim, int Total)? large)
    {
        double? Median(List<Dictionary<string, double>> runs, string key, double scale = 1) =>
            runs.Where(r => r.ContainsKey(key)).Select(r => r[key] / scale).ToArray() is { Length: > 0 } values ? Measure.Median(values) : null;
        // The close comparisons come from the paired blocks (PairedRun); the separate runs' medians go in the note.
        ResultRow Close(string key, string workload, string unit, bool higherIsBetter)
        {
            var (rawMedian, swormMedian) = (Median(raw, key), Median(sworm, key));
            if (paired?.GetValueOrDefault(key) is not { } pair)
            {
                return new(key, workload, unit, higherIsBetter, rawMedian, swormMedian);
            }

            var row = new ResultRow(key, workload + " (paired blocks)", unit, higherIsBetter, pair.Raw, pair.Sworm);
            return rawMedian is { } r && swormMedian is { } w
                ? row with { Note = $"separate windows, medians of {raw.Count} runs: raw {row.Format(r)}, Sworm {row.Format(w)} ({w / r:0.00}×)" }
                : row;
        }

        var n = BenchOptions.InFlight;
        var rows = new List<ResultRow>
        {
            Close(Metric.NewName, $"new name: raw first request (activation) vs Sworm RegisterName + first Request, {n} in flight", "ops/s", true),
            new(Metric.RegisterAlone, $"Sworm RegisterName alone, {n} in flight", "ops/s", true, null, Median(sworm, Metric.RegisterAlone)),
            new(Metric.Request, $"request by name to existing names, {n} in flight", "ops/s", true, Median(raw, Metric.Request), Median(sworm, Metric.Request)),
            Close(Metric.RemoteP50, "sequential request to a name on the other member, p50", "µs", false),
            Close(Metric.RemoteP999, "sequential request to a name on the other member, p99.9", "µs", false),
            Close(Metric.LocalP50, "sequential request to a name on the same member, p50", "µs", false),
            new(Metric.HeapPerName, "managed heap per name, worker included, all members (the cluster's growth from empty over all its names, warm-up's included)", "KB", false,
                Median(raw, Metric.HeapPerName, 1024), Median(sworm, Metric.HeapPerName, 1024)),
            new(Metric.BytesPerRequest, "bytes allocated per request (remote, both ends)", "KB", false,
                Median(raw, Metric.BytesPerRequest, 1024), Median(sworm, Metric.BytesPerRequest, 1024)),
            new(Metric.ReplicationP50, "replication delay: RegisterName returns on A → WhereIsName finds it on B, p50", "ms", false, null, Median(sworm, Metric.ReplicationP50)),
            new(Metric.ReplicationP99, "replication delay, p99", "ms", false, null, Median(sworm, Metric.ReplicationP99)),
        };
        if (failovers.Count > 0)
        {
            var f = failovers;
            rows.Add(new(Metric.FailoverAll, $"kill -9 of a member process hosting {Measure.Median(f.Select(x => (double)x.OnVictim).ToArray()):N0} of " +
                                              $"{Measure.Median(f.Select(x => (double)x.Total).ToArray()):N0} names → all answering on survivors", "s", false, null,
                Measure.Median(f.Select(x => x.All).ToArray()),
                $"of which failure detection {Measure.Median(f.Select(x => x.Detection).ToArray()):0.00} s; runs: {string.Join(" / ", f.Select(x => x.All.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s"));
        }

        if (large is { } l)
        {
            rows.Add(new(Metric.FailoverAll + "-100k", $"kill -9 of a member process hosting {l.OnVictim:N0} of {l.Total:N0} names → all answering on survivors", "s", false,
                null, l.All, $"of which failure detection {l.Detection:0.00} s; one run"));
        }

        return rows;
    }

    public static string Method(BenchOptions options) =>
        $"{options.Members} members per side in one process on loopback, {options.Names:N0} names per run, medians of {options.Runs} alternating run(s) " +
        "(raw first, then Sworm first, …), after both sides warmed the process up once, each run on fresh clusters after a warm-up of new " +
        "names in rounds of 10,000 until the rate gains less than 5% twice (at most 100,000). Raw Proto.Cluster: one kind, `PartitionIdentityLookup`, " +
        "the same seed-node membership; a name is a cluster identity. Rows marked \"paired blocks\": both sides' clusters up together, " +
        "after a warm-up of each, new names (2,000 per block, twice the run's names per side) and sequential requests (1,000 per block) in " +
        "alternating blocks, each side's total over its blocks. Sworm: public API (hosts with `AddSworm`, the generated facade), " +
        "supervised `PlacedWorker`s. Both answer the same `Where` → `Here` messages. Failover: 2 members in this process, the killed one a " +
        $"separate OS process ({(options.Runs > 1 ? $"median of {options.Runs} runs" : "one run")}, default settings)." +
        $" Handoff: 1 member in this process, the leaving one a separate OS process stopped with SIGTERM, from the signal until every " +
        $"counter it hosted (1, then {options.HandoffWorkers:N0}) answers on the survivor with its value (one run each).";

    public static string Command(string[] args) => "dotnet run -c Release --project bench/Sworm.Benchmarks --" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
}
