using Proto;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Registry;

/// <summary>
/// A request by name that reaches no process (a dead letter) while the name still resolves is asked again after a new
/// lookup. During a handoff the moving worker's pid is registered again as a forwarder a moment after the worker stops,
/// and Proto drops a message that lands in between with a dead letter; the caller must get the answer, not a
/// "name not found", for a name that never went.
/// </summary>
public sealed class DeadLetterRetryTests
{
    [Fact]
    public async Task A_request_that_lands_while_the_pid_is_briefly_unregistered_is_answered()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var caller = cluster[0].Sworm<ClusterProcesses>();
        var owner = cluster[1];
        var (name, pid) = await NameOn(caller, owner, "retry");

        // What a move does to the old pid for a moment: no process under its id on its member.
        var registry = owner.System.ProcessRegistry;
        var process = registry.Get(pid);
        registry.Remove(pid);
        var back = Task.Delay(TimeSpan.FromMilliseconds(30)).ContinueWith(_ => registry.TryAdd(pid.Id, process), TaskScheduler.Default);

        var here = await caller.Request<Here>(name, new Where(), TimeSpan.FromSeconds(5));

        Assert.Equal(pid, here.Self);
        Assert.True((await back).ok, "the worker's process was registered again under its id");
    }

    [Fact]
    public async Task A_request_to_a_pid_that_stays_gone_ends_as_not_found_not_as_a_timeout()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var caller = cluster[0].Sworm<ClusterProcesses>();
        var owner = cluster[1];
        var (name, pid) = await NameOn(caller, owner, "gone");

        // The pid does not come back while the name still points at it: a few retries, then "not found", not a timeout.
        var registry = owner.System.ProcessRegistry;
        var process = registry.Get(pid);
        registry.Remove(pid);
        try
        {
            await Assert.ThrowsAsync<SwormNameNotFoundException>(() => caller.Request<Here>(name, new Where(), TimeSpan.FromSeconds(10)));
        }
        finally
        {
            registry.TryAdd(pid.Id, process); // so its member can stop it
        }
    }

    /// <summary>A name registered from <paramref name="caller"/> whose worker runs on <paramref name="owner"/>.</summary>
    private static async Task<(string Name, PID Pid)> NameOn(ClusterProcesses caller, TestMember owner, string prefix)
    {
        while (true)
        {
            var name = prefix + "-" + Guid.NewGuid().ToString("N")[..10];
            var pid = (await caller.RegisterName(name, PlacedWorker.Spec(name))).Pid;
            if (pid.Address == owner.Address)
            {
                return (name, pid);
            }
        }
    }
}
