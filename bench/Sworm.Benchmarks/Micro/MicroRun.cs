using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Sworm.Benchmarks.Micro;

/// <summary>
/// Runs <see cref="HotPathBenchmarks"/> in this process (the clusters live here: an out-of-process toolchain would
/// start them in a child per case) with a short job, and copies BenchmarkDotNet's GitHub-Markdown report to
/// <c>{date}-micro.md</c> in the output folder (its logs stay in a temporary folder).
/// </summary>
internal static class MicroRun
{
    public static string Run(BenchOptions options, string machine, string command)
    {
        var job = (options.Short ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var artifacts = Path.Combine(Path.GetTempPath(), "sworm-micro-" + Guid.NewGuid().ToString("N")[..8]);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        MicroClusters.Start().GetAwaiter().GetResult();
        BenchmarkDotNet.Reports.Summary summary;
        try
        {
            summary = BenchmarkRunner.Run<HotPathBenchmarks>(config);
        }
        finally
        {
            MicroClusters.Stop().GetAwaiter().GetResult();
        }

        var report = Directory.GetFiles(summary.ResultsDirectoryPath, "*-report-github.md").Single();
        Directory.CreateDirectory(options.OutputDirectory);
        var path = Path.Combine(options.OutputDirectory, $"{DateTime.UtcNow:yyyy-MM-dd}-micro.md");
        File.WriteAllText(path,
            $"# Sworm hot paths vs raw Proto (BenchmarkDotNet, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)\n\n" +
            $"Machine: {machine}  \nCommand: `{command}`  \n" +
            "2 Sworm members and 2 raw Proto.Cluster members in this process on loopback; every call is made on member 0 to a name " +
            "hosted on member 0 (local) or member 1 (remote). Baseline: Proto's RequestAsync straight to the worker's pid. " +
            "Send rows: batches of 100 sends closed by one request to the same actor (it answers after every send before it), per delivered message. " +
            $"Job: {(options.Short ? "Dry" : "ShortRun")}, in-process toolchain.\n\n" +
            File.ReadAllText(report));
        return path;
    }
}
