using System.Diagnostics;
using Sworm.Configuration;

namespace Sworm.Runtime.Tests.Configuration;

/// <summary>Deadline tokens shared by calls whose deadlines fall in the same 50 ms slot: never early, soon after.</summary>
public sealed class SharedDeadlinesTests
{
    [Fact]
    public async Task A_token_fires_after_its_timeout_never_before()
    {
        var clock = Stopwatch.StartNew();
        var token = SharedDeadlines.After(TimeSpan.FromMilliseconds(300));
        var fired = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => fired.TrySetResult(clock.Elapsed));

        var at = await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(at >= TimeSpan.FromMilliseconds(300), $"fired after {at.TotalMilliseconds} ms");
    }

    [Fact]
    public void Calls_made_together_share_a_token()
    {
        // Ten calls in a row span at most one slot boundary: at most two sources.
        var tokens = Enumerable.Range(0, 10).Select(_ => SharedDeadlines.After(TimeSpan.FromSeconds(5))).Distinct().Count();

        Assert.InRange(tokens, 1, 2);
    }

    [Fact]
    public void A_timeout_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SharedDeadlines.After(TimeSpan.Zero));
    }
}
