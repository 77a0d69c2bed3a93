using System.Runtime.CompilerServices;
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
        }, TimeSpan.FromSeconds(20), "both stopped actor systems to be collected",
            () => $"{systems.Count(s => s.IsAlive)} of {systems.Length} still reachable");
    }

    /// <summary>Not inlined, so no local of the test's own frame keeps the cluster.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference[]> RunAndStopCluster()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
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
