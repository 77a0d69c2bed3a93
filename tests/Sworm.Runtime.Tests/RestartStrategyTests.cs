namespace Sworm.Runtime.Tests;

public sealed class RestartStrategyTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    private static Task<PID> NewPid(Func<string, Task<PID?>> whereIs, string name, PID old) =>
        Eventually.Value(() => whereIs(name), pid => pid is not null && !pid.Equals(old), $"'{name}' to be running under a new pid")!;

    [Fact]
    public async Task A_transient_worker_that_crashes_comes_back_under_a_new_pid_with_the_same_name()
    {
        var processes = fixture.Processes;
        var name = SingleMemberFixture.UniqueName();
        var first = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;

        await processes.Send(name, new Crash());

        var second = await NewPid(n => processes.WhereIsName(n), name, first);
        Assert.False(fixture.IsAlive(first));
        Assert.Equal(second, (await processes.Request<Pong>(name, new Ping())).Self);
        Assert.Equal(2, Constructions.Of(name));
    }

    [Fact]
    public async Task A_transient_worker_that_crashes_on_its_first_message_after_Started_is_restarted()
    {
        // Its failure can reach its parent before the registration's step has recorded the worker: it is still a crash.
        var processes = fixture.Processes;
        for (var round = 0; round < 20; round++)
        {
            var name = SingleMemberFixture.UniqueName("crash-after-start");
            var first = (await processes.RegisterName(name, CrashesAfterStartWorker.Spec(name))).Pid;

            // Asked only once restarted: a request queued behind the crash would be dropped with the first worker.
            var second = await NewPid(n => processes.WhereIsName(n), name, first);
            var pong = await processes.Request<Pong>(name, new Ping());
            Assert.Equal(2, Constructions.Of(name));
            Assert.Equal(second, pong.Self);
        }
    }

    [Fact]
    public async Task A_transient_worker_that_stops_normally_loses_its_name()
    {
        var processes = fixture.Processes;
        var name = SingleMemberFixture.UniqueName();
        await processes.RegisterName(name, EchoWorker.Spec(name));

        await processes.Send(name, new StopNormally());

        await Eventually.Until(async () => await processes.WhereIsName(name) is null, "the normally stopped transient worker's name to go");
        Assert.Equal(1, Constructions.Of(name));
        Assert.Equal(RegisterStatus.Started, (await processes.RegisterName(name, EchoWorker.Spec(name))).Status);
    }

    [Fact]
    public async Task A_temporary_worker_is_never_restarted()
    {
        var processes = fixture.Temporary;
        var name = SingleMemberFixture.UniqueName();
        await processes.RegisterName(name, EchoWorker.Spec(name));

        await processes.Send(name, new Crash());

        await Eventually.Until(async () => await processes.WhereIsName(name) is null, "the crashed temporary worker's name to go");
        Assert.Equal(1, Constructions.Of(name));
    }

    [Fact]
    public async Task A_permanent_worker_comes_back_after_a_normal_stop_too()
    {
        var processes = fixture.Permanent;
        var name = SingleMemberFixture.UniqueName();
        var first = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;

        await processes.Send(name, new StopNormally());

        await NewPid(n => processes.WhereIsName(n), name, first);
        Assert.Equal(2, Constructions.Of(name));
    }

    [Fact]
    public async Task A_permanent_worker_is_not_restarted_after_UnregisterName()
    {
        var processes = fixture.Permanent;
        var name = SingleMemberFixture.UniqueName();
        var pid = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;

        Assert.True(await processes.UnregisterName(name));

        Assert.Null(await processes.WhereIsName(name));
        Assert.False(fixture.IsAlive(pid));
        Assert.Equal(1, Constructions.Of(name));
    }

    [Fact]
    public async Task A_worker_that_crashes_in_a_loop_is_given_up_and_its_name_removed()
    {
        var processes = fixture.Processes;
        var name = SingleMemberFixture.UniqueName();
        var pid = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;

        // Default intensity: 3 restarts within 5 s. The 4th crash is one too many.
        for (var crash = 1; crash <= 4; crash++)
        {
            await processes.Send(name, new Crash());
            if (crash < 4)
            {
                pid = await NewPid(n => processes.WhereIsName(n), name, pid);
            }
        }

        await Eventually.Until(async () => await processes.WhereIsName(name) is null, "the crash-looping worker to be given up");
        Assert.Equal(4, Constructions.Of(name));
        Assert.Equal(RegisterStatus.Started, (await processes.RegisterName(name, EchoWorker.Spec(name + "-again"))).Status);
    }

    [Fact]
    public async Task A_restarted_worker_keeps_its_groups_only_if_it_joins_again()
    {
        var processes = fixture.Processes;
        var name = SingleMemberFixture.UniqueName();
        var group = SingleMemberFixture.UniqueName("group");
        var first = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;
        await processes.Join(group, first);

        await processes.Send(name, new Crash());
        await NewPid(n => processes.WhereIsName(n), name, first);

        await Eventually.Until(async () => (await processes.Members(group)).Count == 0, "the crashed pid to leave its group");
    }
}
