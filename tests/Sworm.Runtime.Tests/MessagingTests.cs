namespace Sworm.Runtime.Tests;

public sealed class MessagingTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    private TestProcesses Processes => fixture.Processes;

    [Fact]
    public async Task Send_by_name_delivers_and_reports_an_unknown_name_as_false()
    {
        var name = SingleMemberFixture.UniqueName();
        await Processes.RegisterName(name, EchoWorker.Spec(name));

        Assert.True(await Processes.Send(name, "one"));
        Assert.True(await Processes.Send(name, "two"));
        Assert.False(await Processes.Send(SingleMemberFixture.UniqueName(), "lost"));

        await Eventually.Until(async () => await Processes.Request<int>(name, new GetCount()) == 2, "both sent messages to arrive");
    }

    [Fact]
    public async Task Request_by_an_unknown_name_throws_SwormNameNotFoundException()
    {
        var name = SingleMemberFixture.UniqueName();
        var error = await Assert.ThrowsAsync<SwormNameNotFoundException>(() => Processes.Request<Pong>(name, new Ping()));
        Assert.Equal(name, error.Name);
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public async Task Request_that_gets_no_answer_times_out_with_a_clear_exception()
    {
        var name = SingleMemberFixture.UniqueName();
        await Processes.RegisterName(name, EchoWorker.Spec(name));

        var error = await Assert.ThrowsAsync<SwormTimeoutException>(() => Processes.Request<Pong>(name, "no answer to this", TimeSpan.FromMilliseconds(200)));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public async Task Request_honours_cancellation()
    {
        var name = SingleMemberFixture.UniqueName();
        await Processes.RegisterName(name, EchoWorker.Spec(name));
        using var cancel = new CancellationTokenSource();
        var request = Processes.Request<Pong>(name, "no answer to this", TimeSpan.FromSeconds(30), cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }
}
