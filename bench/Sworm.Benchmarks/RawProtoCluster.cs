using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Sworm.Membership;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks;

/// <summary>
/// The baseline: raw Proto.Cluster members with one "echo" kind (answers <see cref="Where"/> like Sworm's PlacedWorker),
/// joined by the same membership Sworm uses.
/// </summary>
internal sealed class RawProtoCluster : IAsyncDisposable
{
    public const string Kind = "echo";

    private RawProtoCluster(List<ActorSystem> members) => Members = members;

    public List<ActorSystem> Members { get; }

    public static async Task<RawProtoCluster> Start(int size)
    {
        var name = "raw-" + Guid.NewGuid().ToString("N")[..8];
        var members = new List<ActorSystem>();
        for (var i = 0; i < size; i++)
        {
            var options = new SeedNodeOptions(i == 0 ? [] : [members[0].Address]);
            var system = new ActorSystem()
                .WithRemote(RemoteConfig.BindToLocalhost())
                .WithCluster(ClusterConfig.Setup(name, new SeedNodeProvider(options), new PartitionIdentityLookup())
                    .WithClusterKind(Kind, Props.FromFunc(context =>
                    {
                        // The same question and answer as Sworm's PlacedWorker, so both sides put the same bytes on the wire.
                        if (context.Message is Where)
                        {
                            context.Respond(new Here(context.System.Address, context.Self));
                        }

                        return Task.CompletedTask;
                    }))
                    .WithHeartbeatExpiration(options.FailureDetection.ProtoHeartbeatExpiration));
            await system.Cluster().StartMemberAsync();
            members.Add(system);
        }

        var cluster = new RawProtoCluster(members);
        await Sworm.Testing.Eventually.Until(() => members.All(m => m.Cluster().MemberList.GetAllMembers().Length == size), "raw members to see each other");
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Members.Select(m => m.Cluster().ShutdownAsync(graceful: true)));
        foreach (var member in Members)
        {
            // As Sworm does for its members: raw Proto would keep a stopped cluster in memory for good, and the heap
            // per name of the next run would count it whenever a pool thread that held it retires.
            Sworm.Hosting.ProtoSharedFutures.Release(member);
        }
    }
}
