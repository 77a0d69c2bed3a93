// Sworm against raw Proto.Cluster, measured in the same run on this machine (loopback, in-process members).
//   dotnet run -c Release --project bench/Sworm.Benchmarks -- [register|replication|whereis|speccopies|all] [--names N]
using System.Diagnostics;
using Proto;
using Proto.Cluster;
using Sworm;
using Sworm.Benchmarks;
using Sworm.Testing;
using Sworm.Testing.Fixtures;

var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var names = args.SkipWhile(a => a != "--names").Skip(1).Select(int.Parse).FirstOrDefault(20_000);
const int InFlight = 64;
Console.WriteLine($"# Sworm benchmarks ({Environment.ProcessorCount} cores, loopback, {DateTime.UtcNow:yyyy-MM-dd})");

if (what is "speccopies" or "all")
{
    await SpecCopiesMemory.Run(Math.Min(names, 10_000), 4);
}

if (what is "register" or "all")
{
    await using var raw = await RawProtoCluster.Start(3);
    // Warm-up (JIT, connections) for each side before it is measured.
    await Measure.Throughput(2000, InFlight, i => raw.Members[i % 3].Cluster().RequestAsync<PID>("warm-" + i, RawProtoCluster.Kind, "hello", CancellationToken.None));
    var rawRate = await Measure.Throughput(names, InFlight, i =>
        raw.Members[i % 3].Cluster().RequestAsync<PID>("raw-" + i, RawProtoCluster.Kind, "hello", CancellationToken.None));
    await using var sworm = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>().AddSworm<TemporaryClusterProcesses>());
    var prefix = Guid.NewGuid().ToString("N")[..6];
    await Measure.Throughput(2000, InFlight, i => sworm[i % 3].Sworm<ClusterProcesses>().RegisterName($"warm-{i}", PlacedWorker.Spec("warm")));
    var temporaryRate = await Measure.Throughput(names, InFlight, i =>
        sworm[i % 3].Sworm<TemporaryClusterProcesses>().RegisterName($"{prefix}-{i}", PlacedWorker.Spec($"t-{prefix}-{i}")));
    var swormRate = await Measure.Throughput(names, InFlight, i =>
        sworm[i % 3].Sworm<ClusterProcesses>().RegisterName($"{prefix}-{i}", PlacedWorker.Spec($"{prefix}-{i}")));
    var repeatRate = await Measure.Throughput(names, InFlight, i =>
        sworm[i % 3].Sworm<ClusterProcesses>().RegisterName($"{prefix}-{i}", PlacedWorker.Spec($"{prefix}-{i}")));
    Console.WriteLine($"""

        ## New names, 3 members, {InFlight} in flight, {names:N0} names
        | what | ops/s | vs raw Proto |
        |---|---|---|
        | raw Proto.Cluster: first request activates an identity | {rawRate:N0} | 1.00 |
        | Sworm RegisterName (delegate + worker + spec copy + replication) | {swormRate:N0} | {swormRate / rawRate:0.00} |
        | Sworm RegisterName, Temporary sworm (no spec copy) | {temporaryRate:N0} | {temporaryRate / rawRate:0.00} |
        | Sworm RegisterName of a held name (AlreadyStarted) | {repeatRate:N0} | {repeatRate / rawRate:0.00} |
        """);
}

if (what is "replication" or "whereis" or "all")
{
    await using var sworm = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
    var a = sworm[0].Sworm<ClusterProcesses>();
    var b = sworm[1].Sworm<ClusterProcesses>();
    if (what is "replication" or "all")
    {
        var delays = new List<double>();
        for (var i = 0; i < 1000; i++)
        {
            var name = "replicated-" + i;
            await a.RegisterName(name, PlacedWorker.Spec(name));
            var returned = Stopwatch.GetTimestamp();
            while (await b.WhereIsName(name) is null)
            {
                Thread.SpinWait(20);
            }

            delays.Add(Stopwatch.GetElapsedTime(returned).TotalMilliseconds);
        }

        Console.WriteLine($"""

            ## Replication: RegisterName returned on member A until WhereIsName finds it on member B (1,000 names)
            | p50 | p99 | max |
            |---|---|---|
            | {Measure.Percentile(delays, 50):0.000} ms | {Measure.Percentile(delays, 99):0.000} ms | {delays.Max():0.000} ms |
            """);
    }

    if (what is "whereis" or "all")
    {
        var name = "looked-up";
        await a.RegisterName(name, PlacedWorker.Spec(name));
        await Eventually.Until(async () => await b.WhereIsName(name) is not null, "the name to reach member B");
        var samples = new List<double>(1_000_000);
        for (var i = 0; i < 1_100_000; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = await b.WhereIsName(name);
            if (i >= 100_000)
            {
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }

        Console.WriteLine($"""

            ## WhereIsName of a name hosted on another member (1,000,000 calls after warm-up)
            | p50 | p99 | p99.9 |
            |---|---|---|
            | {Measure.Percentile(samples, 50):0.000} µs | {Measure.Percentile(samples, 99):0.000} µs | {Measure.Percentile(samples, 99.9):0.000} µs |
            """);
    }
}
