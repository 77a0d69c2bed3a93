using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Hosting;

/// <summary>
/// A stopped member leaves nothing behind in its process: its actor system, names and workers can be collected
/// (Hosting/ProtoSharedFutures.cs, Lifecycle/SystemTimers.cs). Proto 1.8.0 alone keeps a stopped system reachable
/// for good, through its shared-future pool's per-thread queues and through any repeating tick of its actors; a
/// process that starts members in turn (tests, a member that rejoins as a new incarnation) would keep each one.
/// </summary>
public sealed class StoppedMemberMemoryTests
{
    [Fact]
    public async Task A_stopped_cluster_with_names_and_requests_is_collected()
    {
        var systems = await RunAndStopCluster();

        await Eventually.Until(() =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            return systems.All(s => !s.IsAlive);
        }, TimeSpan.FromSeconds(30), "both stopped actor systems to be collected",
            () => $"{systems.Count(s => s.IsAlive)} of {systems.Length} still reachable");
    }

    /// <summary>The cluster lives in this method's state machine only, which is let go when it completes.</summary>
    private static async Task<WeakReference[]> RunAndStopCluster()
    {
        Task unanswered;
        WeakReference[] systems;
        await using (var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>()))
        {
            systems = await Use(cluster);
            // A request in flight when the members stop, with a deadline past the default request timeout (a
            // PlacedWorker does not answer a string): its pool slot comes back after the shutdown, once it times out.
            var name = $"unanswered-{Guid.NewGuid():N}";
            await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
            unanswered = cluster[1].Sworm<ClusterProcesses>().Request<Here>(name, "no answer", TimeSpan.FromSeconds(8));
        }

        await Assert.ThrowsAnyAsync<Exception>(() => unanswered);
        return systems;
    }

    private static async Task<WeakReference[]> Use(TestCluster cluster)
    {
        var prefix = $"collected-{Guid.NewGuid():N}";
        // Requests from both members, many in flight: Proto's shared futures are taken on many pool threads.
        await Task.WhenAll(Enumerable.Range(0, 400).Select(async i =>
        {
            var name = $"{prefix}-{i}";
            Assert.Equal(RegisterStatus.Started, (await cluster[i % 2].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name))).Status);
            await cluster[(i + 1) % 2].Sworm<ClusterProcesses>().Request<Here>(name, new Where());
        }));

        return cluster.Members.Select(m => new WeakReference(m.System)).ToArray();
    }
}
