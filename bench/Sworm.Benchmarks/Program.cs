// Sworm against raw Proto.Cluster 1.8.0, measured in the same run on this machine (loopback, in-process members;
// the failover's killed member is a separate OS process). See bench/README.md.
//   dotnet run -c Release --project bench/Sworm.Benchmarks -- [load|failover|handoff|scale|micro|speccopies|heap-shares|register|newname] [--short] [--names N] [--runs N] ...
using Sworm.Benchmarks;
using Sworm.Benchmarks.Load;
using Sworm.Benchmarks.Micro;
using Sworm.Benchmarks.Report;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var machine = Machine.Describe();
var command = LoadRun.Command(args);
Console.WriteLine($"Sworm benchmarks: {options.Command}{(options.Short ? " (short)" : "")} on {machine}");
var clock = System.Diagnostics.Stopwatch.StartNew();
if (options.Command == "speccopies")
{
    // Memory of spec copies on every member against one copy (docs/partitions.md).
    await SpecCopiesMemory.Run(Math.Min(options.Names, 10_000), 4);
    return 0;
}

if (options.Command == "micro")
{
    var report = MicroRun.Run(options, machine, command);
    Console.WriteLine($"Written: {report} in {clock.Elapsed.TotalSeconds:0} s");
    return 0;
}

if (options.Command == "register")
{
    // Only Sworm's RegisterName, 64 in flight on 2 members, for a profiler (dotnet-trace); no report.
    await using var side = await SwormSide.Start(2);
    for (var round = 0; round < options.Runs; round++)
    {
        var rate = await Measure.Throughput(options.Names, BenchOptions.InFlight, i => side.Register(i % 2, $"p{round}-{i}"));
        Console.WriteLine($"round {round + 1}: {options.Names:N0} RegisterName at {rate:N0}/s");
    }

    if (options.Hold)
    {
        // A heap snapshot of the settled names: dotnet-gcdump collect -p <pid>, then dotnet-gcdump report.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine($"holding: process {Environment.ProcessId}, {GC.GetTotalMemory(forceFullCollection: true):N0} bytes of managed heap; press Enter to stop");
        Console.ReadLine();
    }

    return 0;
}

if (options.Command == "newname")
{
    // New names only, raw Proto and Sworm alternating round by round on the same two clusters: a quick loop for a
    // profiler or an A/B of a change (no report; the load run's table is the measurement of record).
    await using var raw = await RawSide.Start(2);
    await using var sworm = await SwormSide.Start(2);
    foreach (IClusterSide side in new IClusterSide[] { raw, sworm })
    {
        await Measure.Throughput(2_000, BenchOptions.InFlight, i => side.NewName(i % 2, $"w-{i}"));
    }

    Console.WriteLine($"warmed up: process {Environment.ProcessId} (attach a profiler now)");
    for (var round = 0; round < options.Runs; round++)
    {
        // CPU time and thread-pool work items (actor turns, remote reads and writes, continuations) per name too: less
        // swayed than a rate by what else runs on this shared machine.
        var a0 = GC.GetTotalAllocatedBytes(true);
        var c0 = Environment.CpuUsage.TotalTime;
        var w0 = ThreadPool.CompletedWorkItemCount;
        var rawRate = options.Only == "sworm" ? double.NaN : await Measure.Throughput(options.Names, BenchOptions.InFlight, i => raw.NewName(i % 2, $"r{round}-{i}"));
        var a1 = GC.GetTotalAllocatedBytes(true);
        var c1 = Environment.CpuUsage.TotalTime;
        var w1 = ThreadPool.CompletedWorkItemCount;
        var swormRate = options.Only == "raw" ? double.NaN : await Measure.Throughput(options.Names, BenchOptions.InFlight, i => sworm.NewName(i % 2, $"s{round}-{i}"));
        var a2 = GC.GetTotalAllocatedBytes(true);
        var c2 = Environment.CpuUsage.TotalTime;
        var w2 = ThreadPool.CompletedWorkItemCount;
        double PerName(TimeSpan cpu) => cpu.TotalMicroseconds / options.Names;
        Console.WriteLine($"per new name: allocated raw {(a1 - a0) / (double)options.Names / 1024:0.00} KB, Sworm {(a2 - a1) / (double)options.Names / 1024:0.00} KB; "
            + $"CPU raw {PerName(c1 - c0):0.0} µs, Sworm {PerName(c2 - c1):0.0} µs; thread-pool work items raw {(w1 - w0) / (double)options.Names:0.0}, "
            + $"Sworm {(w2 - w1) / (double)options.Names:0.0}; gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}");
        var registerRate = await Measure.Throughput(options.Names, BenchOptions.InFlight, i => sworm.Register(i % 2, $"g{round}-{i}"));
        Console.WriteLine($"round {round + 1}: new name raw {rawRate:N0}/s, Sworm {swormRate:N0}/s ({swormRate / rawRate:0.00}x); RegisterName alone {registerRate:N0}/s");
    }

    return 0;
}

if (options.Command == "heap-shares")
{
    Console.WriteLine(await Sworm.Benchmarks.Load.HeapShares.Run(options.Names));
    return 0;
}

var (kind, title, rows, method) = options.Command switch
{
    "scale" => ("scale", "Sworm vs raw Proto.Cluster: scale", await ScaleRows.Run(options), ScaleRows.Method(options)),
    "failover" => ("failover", "Sworm: kill -9 failover", await LoadRun.Run(options, inProcess: false, handoff: false), LoadRun.Method(options)),
    "handoff" => ("handoff", "Sworm: handoff on graceful leave", await LoadRun.Run(options, inProcess: false, failover: false), LoadRun.Method(options)),
    _ => ("load", "Sworm vs raw Proto.Cluster: cluster load", await LoadRun.Run(options), LoadRun.Method(options)),
};
var markdown = ResultsWriter.Markdown(title, rows, machine, command, method);
var path = ResultsWriter.Write(options.OutputDirectory, kind, markdown, rows, machine);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"Written: {path} (and .csv, .png) in {clock.Elapsed.TotalSeconds:0} s");
return 0;
