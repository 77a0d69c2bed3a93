using Proto;
using Proto.Cluster;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Load;

/// <summary>Raw Proto.Cluster: a name is a cluster identity of the echo kind, activated by its first request.</summary>
internal sealed class RawSide(RawProtoCluster cluster) : IClusterSide
{
    private static readonly Where Question = new();

    public string Label => "raw Proto";

    public int Size => cluster.Members.Count;

    public static async Task<RawSide> Start(int size) => new(await RawProtoCluster.Start(size));

    public Cluster Cluster(int member) => cluster.Members[member].Cluster();

    public string AddressOf(int member) => cluster.Members[member].Address;

    public Task<Here> NewName(int member, string name) => Request(member, name);

    public Task<Here> Request(int member, string name) =>
        Cluster(member).RequestAsync<Here>(name, RawProtoCluster.Kind, Question, CancellationToken.None);

    public ValueTask DisposeAsync() => cluster.DisposeAsync();
}
