using System.Diagnostics;
using Xunit.Abstractions;

using Proto;
using Sworm.Testing;
using Xunit;
using Sworm.Testing.Fixtures;

namespace Sworm.Cluster.Tests.Registry;

/// <summary>Names registered on one member are seen, and answered, from every member.</summary>
public sealed class RegistryAcrossMembersTests(ITestOutputHelper output)
{
    private static string Unique(string prefix = "name") => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    private static ClusterProcesses On(TestCluster cluster, int member) => cluster[member].Sworm<ClusterProcesses>();

    [Fact]
    public async Task A_fresh_cluster_has_nothing_registered_on_any_member()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        foreach (var member in cluster.Members)
        {
            Assert.Empty(await member.Sworm<ClusterProcesses>().Registered());
        }
    }

    [Fact]
    public async Task A_name_registered_on_one_member_converges_everywhere_and_leaves_everywhere_when_stopped()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var result = await On(cluster, 0).RegisterName("hi", PlacedWorker.Spec(Unique()));

        // Read-your-writes on the registering member, at once.
        Assert.Equal(result.Pid, await On(cluster, 0).WhereIsName("hi"));
        for (var i = 0; i < 3; i++)
        {
            var member = On(cluster, i);
            await Eventually.Until(async () => (await member.Registered()).SingleOrDefault()?.Pid.Equals(result.Pid) == true,
                $"member {i} to list 'hi'");
        }

        Assert.True(await On(cluster, 2).UnregisterName("hi"));

        for (var i = 0; i < 3; i++)
        {
            var member = On(cluster, i);
            await Eventually.Until(async () => (await member.Registered()).Count == 0, $"member {i} to list nothing");
        }
    }

    [Fact]
    public async Task Requests_by_name_reach_the_worker_from_any_member()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var name = Unique();
        var pid = (await On(cluster, 1).RegisterName(name, PlacedWorker.Spec(name))).Pid;

        for (var i = 0; i < 3; i++)
        {
            var member = On(cluster, i);
            await Eventually.Until(async () => await member.WhereIsName(name) is not null, $"member {i} to know {name}");
            var here = await member.Request<Here>(name, new Where());
            Assert.Equal(pid, here.Self);
            Assert.Equal(pid.Address, here.Address);
        }
    }

    [Fact]
    public async Task Concurrent_registrations_from_every_member_start_one_worker_per_name()
    {
        await using var cluster = await TestCluster.Start(5, s => s.AddSworm<ClusterProcesses>());
        const int names = 200, attemptsPerName = 100;
        var labels = Enumerable.Range(0, names).Select(_ => Unique("storm")).ToArray();
        var random = new Random(7);
        var attempts = labels.SelectMany(label => Enumerable.Range(0, attemptsPerName).Select(_ => (label, member: random.Next(5)))).ToArray();
        random.Shuffle(attempts);

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(async () =>
            (a.label, result: await On(cluster, a.member).RegisterName(a.label, PlacedWorker.Spec(a.label))))));
        output.WriteLine($"{attempts.Length} registrations of {names} names from 5 members in {clock.ElapsedMilliseconds} ms");

        foreach (var group in results.GroupBy(r => r.label))
        {
            var started = Assert.Single(group, r => r.result.Status == RegisterStatus.Started);
            Assert.All(group, r => Assert.Equal(started.result.Pid, r.result.Pid));
            Assert.Equal(1, ClusterConstructions.Of(group.Key));
        }
    }

    [Fact]
    public async Task WhereIsName_during_a_remote_registration_sees_only_null_or_the_final_pid()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var name = Unique();
        var seen = new HashSet<string>();
        var registration = Task.Run(() => On(cluster, 1).RegisterName(name, PlacedWorker.Spec(name)));

        // Sample member 0 until it shows a pid; remember every distinct answer on the way.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        PID? found = null;
        while (found is null && DateTime.UtcNow < deadline)
        {
            found = await On(cluster, 0).WhereIsName(name);
            seen.Add(found?.ToString() ?? "null");
            await Task.Yield();
        }

        var pid = (await registration).Pid;
        Assert.NotNull(found);
        for (var i = 0; i < 1000; i++)
        {
            seen.Add((await On(cluster, 0).WhereIsName(name))?.ToString() ?? "null");
        }

        Assert.Subset(new HashSet<string> { "null", pid.ToString() }, seen);
    }

    [Fact]
    public async Task A_late_joiner_sees_the_whole_registry_at_once()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var names = Enumerable.Range(0, 50).Select(_ => Unique()).ToArray();
        foreach (var name in names)
        {
            await On(cluster, 0).RegisterName(name, PlacedWorker.Spec(name));
        }

        var clock = Stopwatch.StartNew();
        var late = await cluster.AddMember();
        var processes = late.Sworm<ClusterProcesses>();
        await Eventually.Until(async () => (await processes.Registered()).Count == names.Length, "the late joiner to list every name", TimeSpan.FromSeconds(5));
        output.WriteLine($"late joiner listed {names.Length} names {clock.ElapsedMilliseconds} ms after it started joining");
    }

    [Fact]
    public async Task Groups_are_visible_from_every_member()
    {
        await using var cluster = await TestCluster.Start(3, s => s.AddSworm<ClusterProcesses>());
        var group = Unique("group");
        var pids = new List<PID>();
        for (var i = 0; i < 6; i++)
        {
            var name = Unique();
            var pid = (await On(cluster, i % 3).RegisterName(name, PlacedWorker.Spec(name))).Pid;
            Assert.True(await On(cluster, (i + 1) % 3).Join(group, pid));
            pids.Add(pid);

            // Read-your-writes: the member that made the change sees it at once, wherever the process lives.
            Assert.Contains(pid, await On(cluster, (i + 1) % 3).Members(group));
        }

        for (var i = 0; i < 3; i++)
        {
            var member = On(cluster, i);
            await Eventually.Until(async () => (await member.Members(group)).Count == 6, $"member {i} to see all 6 group members");
        }

        var replies = await On(cluster, 2).MultiCall<Here>(group, new Where());
        Assert.Equal(pids.OrderBy(p => p.ToString()), replies.Select(r => r.Self).OrderBy(p => p.ToString()));
    }
}
