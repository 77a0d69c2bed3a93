using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Observability;

/// <summary>A clean start and stop of a 3-member cluster logs nothing at warning or above, Proto's shutdown included.</summary>
public sealed class CleanShutdownLogTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_clean_start_and_stop_of_three_members_logs_no_warning_or_error(bool seedStopsFirst)
    {
        var clusterName = "quiet-" + Guid.NewGuid().ToString("N")[..8];
        var logs = new List<CapturedLog>();
        var members = new List<TestMember>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var log = new CapturedLog();
                logs.Add(log);
                var seed = members.Count > 0 ? members[0].Address : null;
                members.Add(await TestMember.Start(
                    s => s.AddSworm<ClusterProcesses>(),
                    cluster =>
                    {
                        if (seed is not null)
                        {
                            cluster.UseSeedNodes(seed);
                        }
                    },
                    services => services.AddLogging(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information)),
                    clusterName: clusterName));
            }

            await Eventually.Until(async () => (await members[2].Sworm<ClusterProcesses>().Nodes()).Count == 3, "the three members to see each other");
            var processes = members[0].Sworm<ClusterProcesses>();
            var names = Enumerable.Range(0, 30).Select(i => $"quiet-{i}-{Guid.NewGuid():N}").ToArray();
            foreach (var name in names)
            {
                await processes.RegisterName(name, PlacedWorker.Spec(name));
            }

            await Eventually.Until(async () => (await members[2].Sworm<ClusterProcesses>().Registered()).Count == names.Length, "every name to reach the last member");
        }
        finally
        {
            foreach (var member in seedStopsFirst ? members.ToArray() : Enumerable.Reverse(members).ToArray())
            {
                await member.DisposeAsync();
            }
        }

        var lines = logs.SelectMany(l => l.Lines).ToArray();
        Assert.Contains(lines, l => l.Category == "Sworm.Member" && l.Message.Contains("left the cluster", StringComparison.Ordinal));
        var loud = lines.Where(l => l.Level >= LogLevel.Warning).ToArray();
        foreach (var line in loud)
        {
            output.WriteLine(line.ToString());
        }

        Assert.True(loud.Length == 0, $"{loud.Length} lines at warning or above, e.g.:\n" + string.Join("\n", loud.Take(10)));
    }
}
