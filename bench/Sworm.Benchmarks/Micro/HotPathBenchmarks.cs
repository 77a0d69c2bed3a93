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
    private const int SendBatch = 100;
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

    /// <summary>
    /// Send is fire-and-forget: called alone millions of times it only fills Proto's remote endpoint queue (and starves
    /// the next benchmarks). So a batch of sends ends with one request to the same actor, which answers only after every
    /// send before it was delivered (one sender, one receiver: in order); the cost is per delivered message.
    /// </summary>
    [Benchmark(OperationsPerInvoke = SendBatch, Description = "Sworm Send by name (delivered)")]
    public async Task<Here> Send()
    {
        for (var i = 0; i < SendBatch; i++)
        {
            await _processes.Send(_name, Question);
        }

        return await _root.RequestAsync<Here>(_pid, Question, CancellationToken.None);
    }

    [Benchmark(OperationsPerInvoke = SendBatch, Description = "Proto Send to the same worker's pid (delivered)")]
    public Task<Here> ProtoSendToPid()
    {
        for (var i = 0; i < SendBatch; i++)
        {
            _root.Send(_pid, Question);
        }

        return _root.RequestAsync<Here>(_pid, Question, CancellationToken.None);
    }

    [Benchmark(Description = "Sworm Request<T> by name")]
    public Task<Here> SwormRequest() => _processes.Request<Here>(_name, Question);

    [Benchmark(Baseline = true, Description = "Proto RequestAsync to the same worker's pid")]
    public Task<Here> ProtoRequestToPid() => _root.RequestAsync<Here>(_pid, Question, CancellationToken.None);

    [Benchmark(Description = "raw Proto.Cluster RequestAsync by identity")]
    public Task<Here> ProtoClusterRequest() => _rawCluster.RequestAsync<Here>(_identity, RawProtoCluster.Kind, Question, CancellationToken.None);
}
