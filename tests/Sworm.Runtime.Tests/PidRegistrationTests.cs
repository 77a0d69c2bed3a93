namespace Sworm.Runtime.Tests;

public sealed class PidRegistrationTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    private TestProcesses Processes => fixture.Processes;

    [Fact]
    public async Task Registering_a_pid_succeeds_once_and_a_taken_name_is_refused()
    {
        var name = SingleMemberFixture.UniqueName();
        var (first, _) = Probe.Spawn(fixture.Member);
        var (second, _) = Probe.Spawn(fixture.Member);

        Assert.True(await Processes.RegisterName(name, first));
        Assert.False(await Processes.RegisterName(name, second));
        Assert.Equal(first, await Processes.WhereIsName(name));
    }

    [Fact]
    public async Task A_name_held_by_a_supervised_worker_cannot_be_claimed_by_a_pid()
    {
        var name = SingleMemberFixture.UniqueName();
        await Processes.RegisterName(name, EchoWorker.Spec(name));
        var (pid, _) = Probe.Spawn(fixture.Member);

        Assert.False(await Processes.RegisterName(name, pid));
    }

    [Fact]
    public async Task A_name_held_by_a_pid_reports_AlreadyStarted_to_a_spec_registration()
    {
        var name = SingleMemberFixture.UniqueName();
        var (pid, _) = Probe.Spawn(fixture.Member);
        await Processes.RegisterName(name, pid);

        var result = await Processes.RegisterName(name, EchoWorker.Spec(name));

        Assert.Equal(new RegisterResult(RegisterStatus.AlreadyStarted, pid), result);
        Assert.Equal(0, Constructions.Of(name));
    }

    [Fact]
    public async Task One_process_can_hold_several_names_and_they_all_vanish_when_it_stops()
    {
        var (pid, _) = Probe.Spawn(fixture.Member);
        var names = Enumerable.Range(0, 3).Select(_ => SingleMemberFixture.UniqueName()).ToArray();
        foreach (var name in names)
        {
            Assert.True(await Processes.RegisterName(name, pid));
        }

        foreach (var name in names)
        {
            Assert.Equal(pid, await Processes.WhereIsName(name));
        }

        await fixture.Member.System.Root.StopAsync(pid);

        await Eventually.Until(async () =>
        {
            var registered = await Processes.Registered();
            return names.All(n => registered.All(r => r.Name != n));
        }, "all names of the stopped process to vanish");
        foreach (var name in names)
        {
            Assert.Null(await Processes.WhereIsName(name));
        }
    }

    [Fact]
    public async Task A_name_freed_by_a_stopped_process_can_be_registered_again()
    {
        var name = SingleMemberFixture.UniqueName();
        var (first, _) = Probe.Spawn(fixture.Member);
        await Processes.RegisterName(name, first);
        await fixture.Member.System.Root.StopAsync(first);
        await Eventually.Until(async () => await Processes.WhereIsName(name) is null, "the name of the stopped process to vanish");

        var (second, _) = Probe.Spawn(fixture.Member);
        await Eventually.Until(async () => await Processes.RegisterName(name, second), "the freed name to be accepted for a new process");
        Assert.Equal(second, await Processes.WhereIsName(name));
    }

    [Fact]
    public async Task Unregistering_a_pid_name_keeps_the_process_running()
    {
        var name = SingleMemberFixture.UniqueName();
        var (pid, _) = Probe.Spawn(fixture.Member);
        await Processes.RegisterName(name, pid);

        Assert.True(await Processes.UnregisterName(name));

        Assert.Null(await Processes.WhereIsName(name));
        Assert.True(fixture.IsAlive(pid));
        Assert.Equal("probe", (await fixture.Member.System.Root.RequestAsync<Pong>(pid, new Ping())).Label);
    }

    [Fact]
    public async Task A_process_can_register_itself_from_its_Started_handler()
    {
        var name = SingleMemberFixture.UniqueName();
        var registered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (pid, probe) = Probe.Spawn(fixture.Member, async context => registered.TrySetResult(await Processes.RegisterName(name, context.Self)));

        Assert.True(await registered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await probe.StartedDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(pid, await Processes.WhereIsName(name));
    }

    [Fact]
    public async Task Registering_a_dead_pid_is_refused()
    {
        var (pid, _) = Probe.Spawn(fixture.Member);
        await fixture.Member.System.Root.StopAsync(pid);

        Assert.False(await Processes.RegisterName(SingleMemberFixture.UniqueName(), pid));
    }
}
