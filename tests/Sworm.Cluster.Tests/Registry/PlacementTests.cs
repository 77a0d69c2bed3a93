using System.Collections.Concurrent;
using Proto;
using Sworm.Supervision.Placement;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Registry;

/// <summary>
/// Where a name's delegate lives (<c>Supervision/Placement</c>): a new name at its rendezvous owner, an existing one
/// with its worker. A member that joins becomes the owner of some names that already run elsewhere: they must not
/// move, start twice, or answer with stale state through the new owner.
/// </summary>
public sealed class PlacementTests
{
    [Fact]
    public async Task Names_registered_before_a_member_joins_stay_with_their_workers_and_are_served_through_the_joiner()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var names = Enumerable.Range(0, 150).Select(i => $"placed-{i}-{Guid.NewGuid():N}").ToArray();
        var pids = new Dictionary<string, PID>();
        foreach (var name in names)
        {
            pids[name] = (await processes.RegisterName(name, PlacedWorker.Spec(name))).Pid;
        }

        var joiner = await cluster.AddMember(s => s.AddSworm<ClusterProcesses>());
        await cluster.WaitUntilConverged();
        var fromJoiner = joiner.Sworm<ClusterProcesses>();

        // Registering again anywhere finds the running worker; nothing starts twice and nothing moved to the joiner.
        foreach (var member in cluster.Members)
        {
            foreach (var name in names)
            {
                var again = await member.Sworm<ClusterProcesses>().RegisterName(name, PlacedWorker.Spec(name));
                Assert.Equal(RegisterStatus.AlreadyStarted, again.Status);
                Assert.Equal(pids[name], again.Pid);
            }
        }

        Assert.All(names, name => Assert.Equal(1, ClusterConstructions.Of(name)));

        // Unregistering through the joiner stops each worker where it runs; a new registration then starts one.
        foreach (var name in names)
        {
            Assert.True(await fromJoiner.UnregisterName(name));
        }

        await Eventually.Until(async () => (await processes.Registered()).Count == 0, "every name to be gone on the first member");
        foreach (var name in names.Take(20))
        {
            Assert.Equal(RegisterStatus.Started, (await fromJoiner.RegisterName(name, PlacedWorker.Spec(name))).Status);
            Assert.Equal(2, ClusterConstructions.Of(name));
        }
    }

    [Fact]
    public async Task A_name_whose_worker_restarts_away_from_its_owner_is_not_started_twice_by_the_owner()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var names = Enumerable.Range(0, 60).Select(i => $"restarting-{i}-{Guid.NewGuid():N}").ToArray();
        var pids = new Dictionary<string, PID>();
        foreach (var name in names)
        {
            pids[name] = (await cluster[0].Sworm<ClusterProcesses>().RegisterName(name, SlowRestartWorker.Spec(name))).Pid;
        }

        var joiner = await cluster.AddMember(s => s.AddSworm<ClusterProcesses>());
        await cluster.WaitUntilConverged();
        var ids = cluster.Members.Select(m => m.System.Id).ToArray();
        var away = names.Where(n => Rendezvous.First(n, ids) == joiner.System.Id).Take(5).ToArray();
        Assert.NotEmpty(away);
        var fromJoiner = joiner.Sworm<ClusterProcesses>();
        await Eventually.Until(async () => (await fromJoiner.Registered()).Count == names.Length, "the joiner to see every name");

        foreach (var name in away)
        {
            // The worker crashes and its restart takes a while: meanwhile no replica shows the name, and a request
            // from the joiner (the name's owner now) must reach the delegate where the worker runs.
            var host = cluster.Members.Single(m => m.Address == pids[name].Address);
            Assert.True(await host.Sworm<ClusterProcesses>().Send(name, new SlowRestartWorker.Crash()));
            await Eventually.Until(async () => await fromJoiner.WhereIsName(name) is null, $"'{name}' to be gone from the joiner's replica while it restarts");

            var again = await fromJoiner.RegisterName(name, SlowRestartWorker.Spec(name));

            Assert.Equal(RegisterStatus.AlreadyStarted, again.Status);
            Assert.Equal(host.Address, again.Pid.Address);
            Assert.Equal(2, SlowRestartWorker.ConstructionsOf(name)); // the first worker and its restart, no other
        }
    }

    [Fact]
    public async Task A_claim_released_through_a_new_owner_is_not_held_by_the_old_one_when_the_owner_leaves_again()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var processes = cluster[0].Sworm<ClusterProcesses>();
        var holder = cluster[0].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        var names = Enumerable.Range(0, 60).Select(i => $"claimed-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var name in names)
        {
            Assert.True(await processes.RegisterName(name, holder));
        }

        // The joiner owns some of the names now: it adopts their claims and releases them.
        var joiner = await cluster.AddMember(s => s.AddSworm<ClusterProcesses>());
        await cluster.WaitUntilConverged();
        foreach (var name in names)
        {
            Assert.True(await joiner.Sworm<ClusterProcesses>().UnregisterName(name));
        }

        await Eventually.Until(async () => (await processes.Registered()).Count == 0, "every claim to be released on the first member");

        // The joiner leaves: the first two members own every name again, and none may still think it holds a claim.
        await cluster.StopMember(joiner);
        await Eventually.Until(async () => (await processes.Nodes()).Count == 2, "the cluster to shrink to two members");
        var other = cluster[1].System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
        foreach (var name in names)
        {
            Assert.True(await cluster[1].Sworm<ClusterProcesses>().RegisterName(name, other), $"'{name}' was still held");
            Assert.Equal(other, await cluster[1].Sworm<ClusterProcesses>().WhereIsName(name));
        }
    }
}

/// <summary>A worker whose restarts take 1.5 s (its <c>Started</c> waits), and that crashes on <see cref="Crash"/>.</summary>
[SwormWorker]
public partial class SlowRestartWorker : IActor
{
    private static readonly ConcurrentDictionary<string, int> Constructions = new();
    private readonly string _label;

    public SlowRestartWorker(string label)
    {
        _label = label;
        Constructions.AddOrUpdate(label, 1, (_, n) => n + 1);
    }

    public static int ConstructionsOf(string label) => Constructions.TryGetValue(label, out var n) ? n : 0;

    public async Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started when ConstructionsOf(_label) > 1:
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                break;
            case Crash:
                throw new InvalidOperationException("crash on request");
        }
    }

    public sealed record Crash;
}
