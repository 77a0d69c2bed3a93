using Sworm.Cluster.Tests.Infrastructure;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Faults;

/// <summary>
/// Faults issue, item 1: a member killed and restarted at once on the same address (what a supervisor or an
/// orchestrator does) is a new member. Its predecessor's supervised names are restored once each, its pid names are
/// gone and free at once; nothing is decided by the address alone.
/// </summary>
public sealed class RestartAtSameAddressTests(ITestOutputHelper output)
{
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_member_killed_and_restarted_on_its_address_loses_no_supervised_name_and_frees_its_pid_names()
    {
        await using var cluster = await TestCluster.Start(1, s => s.AddSworm<ClusterProcesses>());
        var a = cluster[0].Sworm<ClusterProcesses>();
        var port = FreePort.Next();
        var b = await MemberProcess.Start(cluster.Name, cluster[0].Address, port: port);
        await using var _ = b;
        await Eventually.Until(async () => (await a.Nodes()).Count == 2, "B to join");

        var names = Enumerable.Range(0, 40).Select(_ => Unique("restart")).ToArray();
        var onB = new HashSet<string>();
        foreach (var name in names)
        {
            var result = await a.RegisterName(name, PlacedWorker.Spec(name));
            if (result.Pid.Address == b.Address)
            {
                onB.Add(name);
            }
        }

        Assert.NotEmpty(onB);
        var pidName = Unique("pid-name");
        Assert.StartsWith("CLAIMED " + b.Address, await b.Ask($"claim {pidName} {pidName}-group", "CLAIMED"));
        await Eventually.Until(async () => await a.WhereIsName(pidName) is not null, "A to see B's pid name");

        b.Kill();
        await using var again = await MemberProcess.Start(cluster.Name, cluster[0].Address, port: port);
        Assert.Equal(b.Address, again.Address);
        output.WriteLine($"B restarted at {again.Address}; {onB.Count} of {names.Length} names were on the killed incarnation");

        // Every name answers, from a live worker (a pid of the dead incarnation at the same address would not).
        var silent = new List<string>();
        await Eventually.Until(async () =>
        {
            silent.Clear();
            foreach (var name in names)
            {
                try
                {
                    await a.Request<Here>(name, new Where(), TimeSpan.FromSeconds(1));
                }
                catch (Exception e) when (e is SwormNameNotFoundException or SwormTimeoutException)
                {
                    silent.Add(name);
                }
            }

            return silent.Count == 0;
        }, TimeSpan.FromSeconds(30), "every supervised name to answer after the restart", () => $"{silent.Count} silent, e.g. {string.Join(", ", silent.Take(3))}");

        // Restored exactly once: the names of the killed incarnation were built once more, on A or on the new B.
        foreach (var name in names)
        {
            var onNewB = int.Parse((await again.Ask($"constructed {name}", "CONSTRUCTED")).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var expected = onB.Contains(name) ? 1 : 0;
            Assert.True(ClusterConstructions.Of(name) - (onB.Contains(name) ? 0 : 1) + onNewB == expected,
                $"'{name}' (on the killed B: {onB.Contains(name)}) was built {ClusterConstructions.Of(name)} time(s) on A and {onNewB} on the new B");
        }

        // The pid name of the dead incarnation is gone, and the new incarnation can take it at once.
        await Eventually.Until(async () => await a.WhereIsName(pidName) is null, "A to drop the dead incarnation's pid name", TimeSpan.FromSeconds(10));
        Assert.StartsWith("WHEREIS null", await again.Ask($"whereis {pidName}", "WHEREIS"));
        var claimed = await again.Ask($"claim {pidName} {pidName}-group", "CLAIMED");
        Assert.StartsWith("CLAIMED " + again.Address, claimed);
    }
}
