using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Sworm.Membership;
using Sworm.Serialization;

namespace Sworm.Cluster.Tests.Infrastructure;

/// <summary>
/// One raw Proto member in this process, on a loopback port, using Sworm's <see cref="SeedNodeProvider"/>.
/// Disposing it shuts it down if the test did not, so a failing test leaks no member. Disposal is graceful on
/// purpose: Proto 1.8.0's non-graceful shutdown disposes its Kestrel host with connections open, which takes
/// ~30 s per member.
/// </summary>
internal sealed class ProtoMember : IAsyncDisposable
{
    private static readonly Props Echo = Props.FromFunc(ctx =>
    {
        if (ctx.Message is string text) ctx.Respond(text);
        return Task.CompletedTask;
    });

    private volatile ClusterTopology? _lastTopology;
    private int _stopped;

    private ProtoMember(ActorSystem system, SeedNodeOptions options)
    {
        System = system;
        Options = options;
    }

    public ActorSystem System { get; }

    public SeedNodeOptions Options { get; }

    public Proto.Cluster.Cluster Cluster => System.Cluster();

    public string Address => System.Address;

    public string Id => System.Id;

    /// <summary>The last topology Proto published on this member (its hash is what the members must agree on).</summary>
    public ClusterTopology? LastTopology => _lastTopology;

    /// <summary>Ids of the members this member's Proto <c>MemberList</c> currently holds.</summary>
    public IReadOnlySet<string> MemberIds => Cluster.MemberList.GetAllMembers().Select(m => m.Id).ToHashSet();

    public bool SeesExactly(IEnumerable<string> ids) => MemberIds.SetEquals(ids);

    public override string ToString() => $"{Id[..8]}@{Address} sees [{string.Join(", ", MemberIds.Select(i => i[..8]))}]";

    public static async Task<ProtoMember> StartAsync(string clusterName, SeedNodeOptions options, int port = 0)
    {
        var system = new ActorSystem()
            .WithRemote(SwormWireSerializer.AddTo(RemoteConfig.BindToLocalhost(port), Sworm.Sworms.WireCodecs.All))
            .WithCluster(ClusterConfig.Setup(clusterName, new SeedNodeProvider(options), new PartitionIdentityLookup())
                .WithClusterKind("echo", Echo)
                .WithHeartbeatExpiration(options.FailureDetection.ProtoHeartbeatExpiration));
        var member = new ProtoMember(system, options);
        system.EventStream.Subscribe<ClusterTopology>(t => member._lastTopology = t);
        try
        {
            await system.Cluster().StartMemberAsync();
        }
        catch
        {
            await member.DisposeAsync();
            throw;
        }
        return member;
    }

    public async Task ShutdownAsync(bool graceful)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await System.Cluster().ShutdownAsync(graceful, "test");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try
        {
            await System.Cluster().ShutdownAsync(graceful: true, "test cleanup");
        }
        catch
        {
            // A member whose start failed is half built; make sure at least its port and actors are released.
            try { await System.Remote().ShutdownAsync(graceful: false); } catch { /* already down */ }
            try { await System.ShutdownAsync("test cleanup"); } catch { /* already down */ }
        }
    }
}
