using Proto.Cluster;

namespace Sworm.Membership;

/// <summary>PLACEHOLDER until the seed-node provider lands: a one-member cluster.</summary>
internal sealed class SeedNodeProvider(SeedNodeOptions options) : IClusterProvider
{
    private Cluster? _cluster;

    public Task StartMemberAsync(Cluster cluster)
    {
        _ = options;
        _cluster = cluster;
        cluster.MemberList.UpdateClusterTopology([cluster.MemberList.Self]);
        return Task.CompletedTask;
    }

    public Task StartClientAsync(Cluster cluster) => throw new NotSupportedException();

    public Task ShutdownAsync(bool graceful)
    {
        _cluster?.MemberList.UpdateClusterTopology([]);
        return Task.CompletedTask;
    }
}
