using Sworm.Testing;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Load;

/// <summary>Sworm through its public API (hosts with AddSworm, the generated facade) with supervised workers.</summary>
internal sealed class SwormSide(TestCluster cluster) : IClusterSide
{
    private static readonly Where Question = new();

    public string Label => "Sworm";

    public int Size => cluster.Members.Count;

    public TestCluster Cluster => cluster;

    public static async Task<SwormSide> Start(int size) =>
        new(await TestCluster.Start(size, s => s.AddSworm<ClusterProcesses>()));

    public ClusterProcesses On(int member) => cluster[member].Sworm<ClusterProcesses>();

    public string AddressOf(int member) => cluster[member].Address;

    public async Task<Here> NewName(int member, string name)
    {
        await Register(member, name);
        return await Request(member, name);
    }

    public async Task Register(int member, string name)
    {
        var result = await On(member).RegisterName(name, AnsweringWorker.Spec(name));
        if (result.Status != RegisterStatus.Started)
        {
            throw new InvalidOperationException($"'{name}' was not new: {result.Status}");
        }
    }

    public Task<Here> Request(int member, string name) => On(member).Request<Here>(name, Question);

    public ValueTask DisposeAsync() => cluster.DisposeAsync();
}
