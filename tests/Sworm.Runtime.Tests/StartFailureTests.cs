namespace Sworm.Runtime.Tests;

public sealed class StartFailureTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    private TestProcesses Processes => fixture.Processes;

    [Theory]
    [InlineData("constructor", "the constructor refuses to build this worker")]
    [InlineData("started", "Started refuses to run")]
    public async Task A_worker_that_fails_to_start_throws_SwormStartException_and_leaves_nothing_registered(string failIn, string reason)
    {
        var name = SingleMemberFixture.UniqueName();
        var processesBefore = fixture.Member.System.ProcessRegistry.ProcessCount;

        var error = await Assert.ThrowsAsync<SwormStartException>(() => Processes.RegisterName(name, FailingWorker.Spec(failIn)));

        Assert.Equal(name, error.Name);
        Assert.Contains(reason, error.Reason);
        Assert.Null(await Processes.WhereIsName(name));
        Assert.DoesNotContain(await Processes.Registered(), r => r.Name == name);
        await Eventually.Until(() => fixture.Member.System.ProcessRegistry.ProcessCount <= processesBefore,
            "the failed worker and its delegate to be gone (no leaked actors)");
    }

    [Fact]
    public async Task After_a_failed_start_the_name_can_be_registered()
    {
        var name = SingleMemberFixture.UniqueName();
        await Assert.ThrowsAsync<SwormStartException>(() => Processes.RegisterName(name, FailingWorker.Spec("started")));

        var result = await Processes.RegisterName(name, EchoWorker.Spec(name));

        Assert.Equal(RegisterStatus.Started, result.Status);
    }
}
