using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Sworm.Membership.Consul;
using Sworm.Serialization;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>
/// A raw Proto member in this process on a loopback port, whose membership is Sworm's <see cref="ConsulProvider"/>
/// (pointed at the Consul simulator or, in <see cref="RealConsulTests"/>, at a real agent). Disposing shuts it
/// down gracefully if the test did not.
/// </summary>
internal sealed class ConsulProtoMember : IAsyncDisposable
{
    private static readonly Props Echo = Props.FromFunc(ctx =>
    {
        if (ctx.Message is string text) ctx.Respond(text);
        return Task.CompletedTask;
    });

    private int _stopped;

    private ConsulProtoMember(ActorSystem system, ConsulProvider provider)
    {
        System = system;
        Provider = provider;
    }

    public ActorSystem System { get; }

    public ConsulProvider Provider { get; }

    public string Id => System.Id;

    public string Address => System.Address;

    /// <summary>Ids in this member's Proto MemberList.</summary>
    public IReadOnlySet<string> MemberIds => System.Cluster().MemberList.GetAllMembers().Select(m => m.Id).ToHashSet();

    public bool SeesExactly(IEnumerable<string> ids) => MemberIds.SetEquals(ids);

    public override string ToString() => $"{Id[..8]}@{Address} sees [{string.Join(", ", MemberIds.Select(i => i[..8]))}]";

    /// <summary>Default test settings: short TTL and intervals, so the simulator's TTL and reaping show up quickly.</summary>
    public static ConsulMembershipOptions TestOptions(string? token = null) => new()
    {
        Token = token,
        Ttl = TimeSpan.FromSeconds(3),
        RefreshInterval = TimeSpan.FromMilliseconds(500),
        DeregisterCriticalServiceAfter = TimeSpan.FromSeconds(2),
        BlockingWait = TimeSpan.FromSeconds(5),
        StartupTimeout = TimeSpan.FromSeconds(3),
    };

    public static async Task<ConsulProtoMember> StartAsync(string clusterName, Uri agent, ConsulMembershipOptions options, ILoggerFactory logging, int port = 0)
    {
        var provider = new ConsulProvider(agent, options, logging);
        var system = new ActorSystem()
            .WithRemote(SwormWireSerializer.AddTo(RemoteConfig.BindToLocalhost(port), Sworm.Sworms.WireCodecs.All))
            .WithCluster(ClusterConfig.Setup(clusterName, provider, new PartitionIdentityLookup())
                .WithClusterKind("echo", Echo)
                .WithHeartbeatExpiration(TimeSpan.FromSeconds(10)));
        var member = new ConsulProtoMember(system, provider);
        try
        {
            await system.Cluster().StartMemberAsync();
        }
        catch
        {
            Interlocked.Exchange(ref member._stopped, 1);
            try { await system.Remote().ShutdownAsync(graceful: false); } catch { /* half started */ }
            try { await system.ShutdownAsync("start failed"); } catch { /* half started */ }
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
        try { await System.Cluster().ShutdownAsync(graceful: true, "test cleanup"); }
        catch { /* already down */ }
    }
}
