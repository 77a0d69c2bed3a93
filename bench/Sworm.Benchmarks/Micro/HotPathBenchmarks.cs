using BenchmarkDotNet.Attributes;
using Proto;
using Proto.Cluster;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Micro;

/// <summary>
/// Hot paths, called from member 0 on a name hosted on member 0 (local) or member 1 (remote): Sworm's WhereIsName,
/// Send and Request by name, against raw Proto's RequestAsync to the same worker's pid and raw Proto.Cluster's
/// RequestAsync by identity. The memory diagnoser counts bytes allocated per call.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly Where Question = new();
    private ClusterProcesses _processes = null!;
    private IRootContext _root = null!;
    private Cluster _rawCluster = null!;
    private string _name = "";
    private PID _pid = null!;
    private string _identity = "";

    /// <summary>Where the called name lives, seen from the caller: "local" (same member) or "remote" (the other member).</summary>
    [Params("local", "remote")]
    public string Target { get; set; } = "local";

    [GlobalSetup]
    public void Setup()
    {
        var clusters = MicroClusters.Current;
        _processes = clusters.Sworm.On(0);
        _root = clusters.Sworm.Cluster[0].System.Root;
        _rawCluster = clusters.Raw.Cluster(0);
        (_name, _pid) = clusters.SwormNames[Target];
        _identity = clusters.RawIdentities[Target];
    }

    [Benchmark(Description = "Sworm WhereIsName")]
    public Task<PID?> WhereIsName() => _processes.WhereIsName(_name);

    [Benchmark(Description = "Sworm Send by name")]
    public Task<bool> Send() => _processes.Send(_name, Question);

    [Benchmark(Description = "Sworm Request<T> by name")]
    public Task<Here> SwormRequest() => _processes.Request<Here>(_name, Question);

    [Benchmark(Baseline = true, Description = "Proto RequestAsync to the same worker's pid")]
    public Task<Here> ProtoRequestToPid() => _root.RequestAsync<Here>(_pid, Question, CancellationToken.None);

    [Benchmark(Description = "raw Proto.Cluster RequestAsync by identity")]
    public Task<Here> ProtoClusterRequest() => _rawCluster.RequestAsync<Here>(_identity, RawProtoCluster.Kind, Question, CancellationToken.None);
}
