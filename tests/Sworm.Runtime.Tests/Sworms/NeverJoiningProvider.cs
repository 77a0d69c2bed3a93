using Proto.Cluster;

namespace Sworm.Runtime.Tests.Sworms;

/// <summary>A membership provider that never lists the member: its cluster's JoinedCluster never completes.</summary>
internal sealed class NeverJoiningProvider : IClusterProvider
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when Proto has called the provider: the cluster context exists from then on.</summary>
    public Task Started => _started.Task;

    public Task StartMemberAsync(Cluster cluster)
    {
        _started.TrySetResult();
        return Task.CompletedTask;
    }

    public Task StartClientAsync(Cluster cluster) => Task.CompletedTask;

    public Task ShutdownAsync(bool graceful) => Task.CompletedTask;
}
