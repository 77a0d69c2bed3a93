namespace Sworm.Runtime.Tests;

public sealed class BadInputTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    private TestProcesses Processes => fixture.Processes;

    public static TheoryData<string?> BadNames => new() { null, "", "   ", new string('x', 1025) };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Every_call_by_name_rejects_a_bad_name_with_an_argument_exception(string? name)
    {
        var spec = EchoWorker.Spec("x");
        var (pid, _) = Probe.Spawn(fixture.Member);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.RegisterName(name!, spec));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.RegisterName(name!, pid));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.WhereIsOrRegisterName(name!, spec));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.UnregisterName(name!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.WhereIsName(name!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.Send(name!, "x"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.Request<Pong>(name!, new Ping()));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.Join(name!, pid));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.Leave(name!, pid));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.Members(name!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.Publish(name!, "x"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Processes.MultiCall<Pong>(name!, new Ping()));
    }

    // Built here, not passed as theory data: the test runner's own serialization would replace a lone surrogate.
    private static readonly string[] LoneSurrogates = ["\ud800a", "a\udc00", "ab\ud83d"];

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    public async Task A_name_with_a_lone_surrogate_is_refused_because_it_cannot_cross_the_wire_unchanged(int which, int index)
    {
        var name = LoneSurrogates[which];
        var e = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Processes.RegisterName(name, EchoWorker.Spec(name)));
        Assert.Contains($"index {index}", e.Message);
        Assert.Contains("lone surrogate", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Processes.Join(name, fixture.Member.System.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask))));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Processes.WhereIsName(name));
    }

    [Fact]
    public async Task A_well_formed_surrogate_pair_is_a_valid_name()
    {
        var name = SingleMemberFixture.UniqueName("\ud83d\ude00");
        Assert.Equal(RegisterStatus.Started, (await fixture.Processes.RegisterName(name, EchoWorker.Spec(name))).Status);
        Assert.NotNull(await fixture.Processes.WhereIsName(name));
    }

    [Fact]
    public async Task An_oversized_name_says_how_long_it_may_be()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Processes.WhereIsName(new string('x', 5000)));
        Assert.Contains("1024", error.Message);
    }

    [Fact]
    public async Task A_spec_for_an_unknown_worker_type_is_rejected_with_what_to_do()
    {
        var spec = new WorkerSpec("No.Such.Worker", "string", "[\"x\"]");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Processes.RegisterName(SingleMemberFixture.UniqueName(), spec));
        Assert.Contains("No.Such.Worker", error.Message);
        Assert.Contains("Spec(", error.Message);
    }

    [Fact]
    public async Task A_spec_whose_arguments_do_not_match_the_constructor_fails_to_start_with_the_reason()
    {
        var spec = EchoWorker.Spec("x") with { Arguments = "[42]" };
        var error = await Assert.ThrowsAsync<SwormStartException>(() => Processes.RegisterName(SingleMemberFixture.UniqueName(), spec));
        Assert.Contains("label", error.Reason);
    }

    [Fact]
    public async Task Null_specs_pids_and_messages_are_rejected()
    {
        var name = SingleMemberFixture.UniqueName();
        await Assert.ThrowsAsync<ArgumentNullException>(() => Processes.RegisterName(name, (WorkerSpec)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Processes.RegisterName(name, (PID)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Processes.Send(name, null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Processes.Join("group", null!));
    }

    [Fact]
    public async Task A_pid_on_an_address_that_runs_no_such_sworm_is_rejected()
    {
        var foreign = PID.FromAddress("127.0.0.1:1", "somebody");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Processes.RegisterName(SingleMemberFixture.UniqueName(), foreign));
        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.False(await Processes.Join("group", foreign));
    }

    [Fact]
    public async Task Arguments_that_cannot_be_serialized_fail_when_the_spec_is_made()
    {
        var writer = new Sworm.Workers.WorkerArgumentsWriter("Sworm.Runtime.Tests.EchoWorker", "object");
        var error = Assert.Throws<ArgumentException>(() => writer.Add("callback", new Func<int>(() => 1)));
        Assert.Contains("callback", error.Message);
        Assert.Contains("[FromServices]", error.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_non_positive_timeout_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Processes.Request<Pong>("x", new Ping(), TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Processes.MultiCall<Pong>("group", new Ping(), TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task A_cancelled_token_cancels_a_registration()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Processes.RegisterName(SingleMemberFixture.UniqueName(), EchoWorker.Spec("x"), cancelled.Token));
    }
}
