namespace Sworm.Runtime.Tests;

public sealed class RegisterNameTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    private TestProcesses Processes => fixture.Processes;

    [Fact]
    public async Task A_fresh_member_has_nothing_registered()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>());
        Assert.Empty(await member.Sworm<TestProcesses>().Registered());
    }

    [Fact]
    public async Task Registering_a_spec_starts_the_worker_and_the_name_finds_it()
    {
        var name = SingleMemberFixture.UniqueName();
        var result = await Processes.RegisterName(name, EchoWorker.Spec(name));

        Assert.Equal(RegisterStatus.Started, result.Status);
        Assert.Equal(result.Pid, await Processes.WhereIsName(name));
        var pong = await Processes.Request<Pong>(name, new Ping());
        Assert.Equal(name, pong.Label);
        Assert.Equal(result.Pid, pong.Self);
        Assert.Contains(new Registration(name, result.Pid), await Processes.Registered());
    }

    [Fact]
    public async Task Registering_a_taken_name_returns_AlreadyStarted_with_the_holder()
    {
        var name = SingleMemberFixture.UniqueName();
        var first = await Processes.RegisterName(name, EchoWorker.Spec(name));
        var second = await Processes.RegisterName(name, EchoWorker.Spec(name));

        Assert.Equal(RegisterStatus.AlreadyStarted, second.Status);
        Assert.Equal(first.Pid, second.Pid);
        Assert.Equal(1, Constructions.Of(name));
    }

    [Fact]
    public async Task Unregistering_an_unknown_name_returns_false()
    {
        Assert.False(await Processes.UnregisterName(SingleMemberFixture.UniqueName()));
    }

    [Fact]
    public async Task Unregistering_a_supervised_name_removes_it_and_stops_the_worker()
    {
        var name = SingleMemberFixture.UniqueName();
        var pid = (await Processes.RegisterName(name, EchoWorker.Spec(name))).Pid;

        Assert.True(await Processes.UnregisterName(name));

        Assert.Null(await Processes.WhereIsName(name));
        Assert.DoesNotContain(await Processes.Registered(), r => r.Name == name);
        Assert.False(fixture.IsAlive(pid));
        Assert.False(await Processes.UnregisterName(name));
    }

    [Fact]
    public async Task A_name_can_be_registered_again_after_it_was_unregistered()
    {
        var name = SingleMemberFixture.UniqueName();
        var first = await Processes.RegisterName(name, EchoWorker.Spec(name));
        await Processes.UnregisterName(name);

        var second = await Processes.RegisterName(name, EchoWorker.Spec(name));

        Assert.Equal(RegisterStatus.Started, second.Status);
        Assert.NotEqual(first.Pid, second.Pid);
    }

    [Fact]
    public async Task WhereIsOrRegisterName_returns_the_existing_pid_or_starts_one()
    {
        var name = SingleMemberFixture.UniqueName();
        var started = await Processes.WhereIsOrRegisterName(name, EchoWorker.Spec(name));
        var existing = await Processes.WhereIsOrRegisterName(name, EchoWorker.Spec(name));

        Assert.Equal(started, existing);
        Assert.Equal(started, await Processes.WhereIsName(name));
        Assert.Equal(1, Constructions.Of(name));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    public async Task Concurrent_registrations_of_one_name_start_exactly_one_worker(int concurrency)
    {
        var name = SingleMemberFixture.UniqueName();
        var results = await Task.WhenAll(Enumerable.Range(0, concurrency)
            .Select(_ => Task.Run(() => Processes.RegisterName(name, EchoWorker.Spec(name)))));

        var started = Assert.Single(results, r => r.Status == RegisterStatus.Started);
        Assert.All(results, r => Assert.Equal(started.Pid, r.Pid));
        Assert.Equal(concurrency - 1, results.Count(r => r.Status == RegisterStatus.AlreadyStarted));
        Assert.Equal(1, Constructions.Of(name));
    }

    [Fact]
    public async Task WhereIsName_of_an_unknown_name_is_null_and_starts_nothing()
    {
        var name = SingleMemberFixture.UniqueName();
        Assert.Null(await Processes.WhereIsName(name));
        Assert.Null(await Processes.WhereIsName(name));
        Assert.DoesNotContain(await Processes.Registered(), r => r.Name == name);
    }

    [Fact]
    public async Task Sworms_on_one_member_have_separate_registries()
    {
        var name = SingleMemberFixture.UniqueName();
        await Processes.RegisterName(name, EchoWorker.Spec(name));

        Assert.Null(await fixture.Temporary.WhereIsName(name));
        Assert.Equal(RegisterStatus.Started, (await fixture.Temporary.RegisterName(name, EchoWorker.Spec(name))).Status);
    }

    [Fact]
    public async Task Nodes_lists_this_member()
    {
        Assert.Equal([fixture.Member.Address], await Processes.Nodes());
    }
}
