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
/// start them in a child per case) with a short job; BenchmarkDotNet's reports go under the output folder.
/// </summary>
internal static class MicroRun
{
    public static void Run(BenchOptions options)
    {
        var job = (options.Short ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(options.OutputDirectory, "micro"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        MicroClusters.Start().GetAwaiter().GetResult();
        try
        {
            BenchmarkRunner.Run<HotPathBenchmarks>(config);
        }
        finally
        {
            MicroClusters.Stop().GetAwaiter().GetResult();
        }
    }
}
