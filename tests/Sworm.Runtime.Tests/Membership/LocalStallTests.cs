using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sworm.Membership;

namespace Sworm.Runtime.Tests.Membership;

/// <summary>
/// Silence measured while this process could not run is not the peers' silence: a stall credited to the clocks
/// keeps a peer that was heard just before it, and a peer that stays silent once the process runs again still expires.
/// </summary>
public sealed class LocalStallTests
{
    private static readonly FailureDetectionOptions Detection = new();
    private readonly FakeTimeProvider _time = new();

    private static MemberInfo Member(string id, int port) => new(id, "127.0.0.1", port, ["sworm.X"], 1);

    private MembershipState StateWithPeer()
    {
        var state = new MembershipState(Member("self", 4000), "c", Detection, TimeSpan.FromMinutes(10), _time, NullLogger.Instance);
        var a = Member("a", 4001);
        state.Merge(new MembershipView("c", a.Id, [a], []), out _);
        return state;
    }

    [Fact]
    public void A_peer_silent_only_while_this_process_was_stalled_is_kept()
    {
        var state = StateWithPeer();

        _time.Advance(Detection.HeartbeatExpiration + TimeSpan.FromSeconds(1));
        state.CreditLocalStall(TimeSpan.FromSeconds(4));

        Assert.False(state.ExpireSilent());
        Assert.True(state.TryGetPeer("a", out _));
    }

    [Fact]
    public void A_peer_that_stays_silent_after_the_stall_still_expires()
    {
        var state = StateWithPeer();
        _time.Advance(TimeSpan.FromSeconds(4));
        state.CreditLocalStall(TimeSpan.FromSeconds(4));

        _time.Advance(Detection.HeartbeatExpiration);

        Assert.True(state.ExpireSilent());
        Assert.False(state.TryGetPeer("a", out _));
    }

    [Fact]
    public void A_credit_never_moves_a_clock_past_now()
    {
        var state = StateWithPeer();

        state.CreditLocalStall(TimeSpan.FromMinutes(5));
        _time.Advance(Detection.HeartbeatExpiration);

        Assert.True(state.ExpireSilent());
    }

    [Fact]
    public async Task The_monitor_counts_a_starved_thread_pool_as_stalled_time()
    {
        ProcessStallMonitor.EnsureStarted();
        var before = ProcessStallMonitor.StalledTicks;
        // Block every worker the pool has and more, so queued work waits well past the tolerance.
        ThreadPool.GetMinThreads(out var workers, out _);
        using var release = new ManualResetEventSlim();
        var blockers = Enumerable.Range(0, workers + 4).Select(_ => Task.Factory.StartNew(() => release.Wait(TimeSpan.FromSeconds(30)))).ToArray();
        try
        {
            await Sworm.Testing.Eventually.Until(() => ProcessStallMonitor.StalledTicks > before, "the monitor to count the starved pool", TimeSpan.FromSeconds(20));
        }
        finally
        {
            release.Set();
            await Task.WhenAll(blockers);
        }
    }
}
