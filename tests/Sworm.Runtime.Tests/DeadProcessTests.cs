namespace Sworm.Runtime.Tests;

/// <summary>
/// API.md §3: "WhereIsName never returns a pid of a process known to be dead". On the hosting member a process is
/// known to be dead as soon as a local watcher sees its <c>Terminated</c>; every local read must agree by then.
/// (Faults issue, item 3: WhereIsOrRegisterName handed out the dead pid for up to ~30 ms.)
/// </summary>
public sealed class DeadProcessTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    [Fact]
    public async Task No_local_read_returns_a_worker_that_a_local_watcher_saw_stop()
    {
        var processes = fixture.Processes;
        for (var round = 0; round < 30; round++)
        {
            var name = SingleMemberFixture.UniqueName("dead");
            var dead = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;
            var terminated = await WatchFor(dead);

            await processes.Send(name, new StopNormally());
            await terminated.WaitAsync(TimeSpan.FromSeconds(5));

            Assert.NotEqual(dead, await processes.WhereIsName(name));
            Assert.DoesNotContain(await processes.Registered(), r => r.Pid.Equals(dead));
            var holder = await processes.WhereIsOrRegisterName(name, EchoWorker.Spec(name));
            Assert.NotEqual(dead, holder);
            Assert.True(fixture.IsAlive(holder), $"round {round}: WhereIsOrRegisterName returned a pid that is not alive");
            await processes.UnregisterName(name);
        }
    }

    [Fact]
    public async Task A_stopped_group_member_is_not_listed_once_a_local_watcher_saw_it_stop()
    {
        var processes = fixture.Processes;
        for (var round = 0; round < 30; round++)
        {
            var name = SingleMemberFixture.UniqueName("dead-member");
            var group = name + "-group";
            var pid = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;
            await processes.Join(group, pid);
            var terminated = await WatchFor(pid);

            await processes.Send(name, new StopNormally());
            await terminated.WaitAsync(TimeSpan.FromSeconds(5));

            Assert.DoesNotContain(pid, await processes.Members(group));
            Assert.Equal(0, await processes.Publish(group, "hello"));
        }
    }

    /// <summary>A plain actor on the member that watches <paramref name="pid"/>; the task completes inside its Terminated handler.</summary>
    private async Task<Task> WatchFor(PID pid)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Member.System.Root.Spawn(Props.FromFunc(context =>
        {
            switch (context.Message)
            {
                case Started:
                    context.Watch(pid);
                    watching.TrySetResult();
                    break;
                case Terminated t when t.Who.Equals(pid):
                    seen.TrySetResult();
                    context.Stop(context.Self);
                    break;
            }

            return Task.CompletedTask;
        }));
        await watching.Task.WaitAsync(TimeSpan.FromSeconds(5));
        return seen.Task;
    }
}
