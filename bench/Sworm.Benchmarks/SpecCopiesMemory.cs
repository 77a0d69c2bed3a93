using Microsoft.Extensions.DependencyInjection;
using Sworm.Testing;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks;

/// <summary>
/// What spec copies on every member cost (issue 16, docs/partitions.md): the managed heap of a cluster of in-process
/// members, per supervised name, with one copy per spec and with copies on every member.
/// </summary>
internal static class SpecCopiesMemory
{
    public static async Task Run(int names, int members)
    {
        var one = await Measure(names, members, copies: 1);
        var all = await Measure(names, members, copies: SwormOptions.AllMembers);
        Console.WriteLine($"""

            ## Spec copies: managed heap per supervised name, {members} in-process members, {names:N0} names (PlacedWorker specs)
            | SpecCopies | heap growth | per name (cluster-wide) |
            |---|---|---|
            | 1 | {one / 1024.0 / 1024:0.0} MB | {one / (double)names:0} B |
            | AllMembers ({members - 1} copies) | {all / 1024.0 / 1024:0.0} MB | {all / (double)names:0} B |
            | difference | {(all - one) / 1024.0 / 1024:0.0} MB | {(all - one) / (double)names:0} B, i.e. {(all - one) / (double)names / Math.Max(1, members - 2):0} B per extra copy |
            """);
    }

    private static async Task<long> Measure(int names, int members, int copies)
    {
        await using var cluster = await TestCluster.Start(members, s =>
        {
            s.AddSworm<ClusterProcesses>();
            s.Services.Configure<SwormOptions>(nameof(ClusterProcesses), o => o.SpecCopies = copies);
        });
        var prefix = Guid.NewGuid().ToString("N")[..6];
        await Benchmarks.Measure.Throughput(500, 32, i => cluster[i % members].Sworm<ClusterProcesses>().RegisterName($"warm-{prefix}-{i}", PlacedWorker.Spec("warm")));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await Benchmarks.Measure.Throughput(names, 32, i => cluster[i % members].Sworm<ClusterProcesses>().RegisterName($"{prefix}-{i}", PlacedWorker.Spec($"{prefix}-{i}")));
        // Copies beyond the first are sent without waiting: let them land.
        await Eventually.Holds(() => true, TimeSpan.FromSeconds(2), "the copies to land");
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return after - before;
    }
}
