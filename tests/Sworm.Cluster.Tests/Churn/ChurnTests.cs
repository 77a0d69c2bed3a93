using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Churn;

/// <summary>Repeated work that changes nothing must leave nothing behind (Horde #200 grew 193 MB this way).</summary>
public sealed class ChurnTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_hundred_thousand_AlreadyStarted_attempts_leave_memory_flat()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var names = Enumerable.Range(0, 100).Select(i => $"churn-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
        }

        await Attempts(cluster, names, 10_000); // warm-up: caches, pools and JIT reach their steady size
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        await Attempts(cluster, names, 100_000);
        var elapsed = clock.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var growth = after - before;
        output.WriteLine($"100,000 AlreadyStarted attempts on 3 members in {elapsed.TotalSeconds:0.0} s ({100_000 / elapsed.TotalSeconds:0} /s); " +
                         $"managed heap {before / 1024 / 1024.0:0.0} MB -> {after / 1024 / 1024.0:0.0} MB ({growth / 1024.0:0} KB)");
        Assert.True(growth < 8 * 1024 * 1024, $"the heap grew by {growth / 1024} KB over 100,000 attempts that changed nothing");
        foreach (var name in names)
        {
            Assert.Single(await cluster[2].Sworm<ClusterProcesses>().Registered(), r => r.Name == name);
        }
    }

    private static async Task Attempts(TestCluster cluster, string[] names, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var name = names[i % names.Length];
                var result = await cluster[i % 3].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
                Assert.Equal(RegisterStatus.AlreadyStarted, result.Status);
            }
        }));
    }
}
