using System.Diagnostics;
using Sworm.Cluster.Tests.Infrastructure;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Topology;

/// <summary>Members starting together, leaving and coming back never hang, duplicate or lose anything.</summary>
public sealed class TopologyChangeTests(ITestOutputHelper output)
{
    private static readonly int StartRepetitions = int.TryParse(Environment.GetEnvironmentVariable("SWORM_SIMULTANEOUS_STARTS"), out var n) ? n : 50;

    [Fact]
    public async Task Members_started_at_the_same_time_always_converge()
    {
        var slowest = TimeSpan.Zero;
        for (var round = 0; round < StartRepetitions; round++)
        {
            var size = 3 + round % 3;
            var seed = $"127.0.0.1:{FreePort.Next()}";
            var cluster = "simultaneous-" + Guid.NewGuid().ToString("N")[..8];
            var clock = Stopwatch.StartNew();
            // The founder lists itself first; everyone else lists the founder. All start at once.
            var starts = Enumerable.Range(0, size).Select(i => Task.Run(() => TestMember.Start(s => s.AddSworm<ClusterProcesses>(), c =>
            {
                if (i == 0)
                {
                    c.BindTo("127.0.0.1", int.Parse(seed.Split(':')[1]));
                }

                c.UseSeedNodes(seed).WithRequestTimeout(TimeSpan.FromSeconds(10));
            }, clusterName: cluster))).ToArray();
            var members = new List<TestMember>();
            try
            {
                members.AddRange(await Task.WhenAll(starts).WaitAsync(TimeSpan.FromSeconds(30)));
                await Eventually.Until(async () =>
                {
                    foreach (var member in members)
                    {
                        if ((await member.Sworm<ClusterProcesses>().Nodes()).Count != size)
                        {
                            return false;
                        }
                    }

                    return true;
                }, $"round {round}: all {size} members to see each other");
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;

                // And the cluster works: a name registered on the last member is found on the first.
                var name = "hello-" + round;
                var pid = (await members[^1].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name + cluster))).Pid;
                await Eventually.Until(async () => pid.Equals(await members[0].Sworm<ClusterProcesses>().WhereIsName(name)), $"round {round}: the name to reach the first member");
            }
            finally
            {
                foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
                {
                    var started = await start;
                    if (!members.Contains(started))
                    {
                        members.Add(started);
                    }
                }

                await Task.WhenAll(members.Select(m => m.DisposeAsync().AsTask()));
            }
        }

        output.WriteLine($"{StartRepetitions} rounds of 3-5 members started at once; slowest convergence {slowest.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Removing_and_re_adding_a_member_at_the_same_address_never_duplicates_or_loses_a_name()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var port = FreePort.Next();
        var names = Enumerable.Range(0, 60).Select(i => $"rejoin-{i}-{Guid.NewGuid():N}").ToArray();
        var returning = await StartAt(cluster, port);
        foreach (var name in names)
        {
            await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
        }

        for (var cycle = 0; cycle < 10; cycle++)
        {
            await cluster.StopMember(returning);
            await AllAnswerOnce(cluster, names, $"cycle {cycle}, member gone");
            returning = await StartAt(cluster, port);
            await AllAnswerOnce(cluster, names, $"cycle {cycle}, member back");
        }

        // Each name's worker was constructed once, plus once per time its member left with it: never two at once.
        foreach (var name in names)
        {
            Assert.Single(await cluster[0].Sworm<ClusterProcesses>().Registered(), r => r.Name == name);
        }
    }

    private static async Task<TestMember> StartAt(TestCluster cluster, int port)
    {
        // Proto refuses an address for a few seconds after a member there left: retry the start until it joins.
        TestMember? member = null;
        await Eventually.Until(async () =>
        {
            try
            {
                member = await TestMember.Start(s => s.AddSworm<ClusterProcesses>(),
                    c => c.BindTo("127.0.0.1", port).UseSeedNodes(cluster[0].Address), clusterName: cluster.Name);
                return true;
            }
            catch (Exception e) when (e is SwormUnavailableException or IOException or InvalidOperationException)
            {
                return false;
            }
        }, $"a member to start again at port {port}", TimeSpan.FromSeconds(30));
        cluster.Members.Add(member!);
        await cluster.WaitUntilConverged();
        return member!;
    }

    private static async Task AllAnswerOnce(TestCluster cluster, string[] names, string when)
    {
        foreach (var member in cluster.Members)
        {
            var processes = member.Sworm<ClusterProcesses>();
            IReadOnlyList<Registration> registered = [];
            await Eventually.Until(async () =>
            {
                registered = await processes.Registered();
                return names.All(n => registered.Count(r => r.Name == n) == 1);
            }, TimeSpan.FromSeconds(10), $"{when}: every name listed once on {member.Address}",
                () => "missing: " + string.Join(", ", names.Where(n => registered.All(r => r.Name != n)).Take(5)) + $" ({names.Count(n => registered.All(r => r.Name != n))} in all)");
        }

        var pids = new HashSet<string>();
        foreach (var name in names)
        {
            var here = await cluster[0].Sworm<ClusterProcesses>().Request<Here>(name, new Where());
            Assert.True(pids.Add(here.Self.ToString()), $"{when}: two names answered from one process");
        }
    }
}
