using System.Diagnostics;

namespace Sworm.Runtime.Tests.Sworms;

/// <summary>
/// Request&lt;T&gt; without a caller token takes the fast path: whole-second timeouts of 2 s or more use Proto's shared
/// per-second deadline token, which may fire up to 0.5 s early but never late.
/// </summary>
public sealed class RequestDeadlineTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    [Fact]
    public async Task A_whole_second_timeout_ends_within_half_a_second_of_it_with_a_clear_exception()
    {
        var name = SingleMemberFixture.UniqueName();
        await fixture.Processes.RegisterName(name, EchoWorker.Spec(name));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SwormTimeoutException>(
            () => fixture.Processes.Request<Pong>(name, "no answer to this", TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains(name, error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(10)); // upper bound generous: shared CPU
    }

    [Fact]
    public async Task Bad_input_still_ends_the_task_rather_than_throwing_at_the_call()
    {
        var call = fixture.Processes.Request<Pong>("", new Ping());

        await Assert.ThrowsAsync<ArgumentException>(() => call);
    }
}
