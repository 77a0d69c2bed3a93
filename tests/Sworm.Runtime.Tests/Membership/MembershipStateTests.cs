using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sworm.Membership;

namespace Sworm.Runtime.Tests.Membership;

/// <summary>The membership rules on their own: merging views, tombstones, expiry and probe outcomes, on a fake clock.</summary>
public sealed class MembershipStateTests
{
    private static readonly FailureDetectionOptions Detection = new();
    private readonly FakeTimeProvider _time = new();

    private static MemberInfo Member(string id, int port, long startedAt = 1) => new(id, "127.0.0.1", port, ["sworm.X"], startedAt);

    private MembershipState State(MemberInfo? self = null) =>
        new(self ?? Member("self", 4000), "c", Detection, TimeSpan.FromMinutes(10), _time, NullLogger.Instance);

    private static MembershipView View(MemberInfo sender, MemberInfo[] members, params string[] tombstones) =>
        new("c", sender.Id, [sender, .. members], tombstones);

    [Fact]
    public void A_view_adds_its_sender_and_the_members_it_lists()
    {
        var state = State();
        var a = Member("a", 4001);
        var b = Member("b", 4002);

        Assert.True(state.Merge(View(a, [b]), out var dead));

        Assert.Null(dead);
        Assert.Equal(["a", "b"], state.Peers.Select(p => p.Info.Id).Order());
    }

    [Fact]
    public void A_tombstone_in_a_view_removes_the_member_and_keeps_it_out()
    {
        var state = State();
        var a = Member("a", 4001);
        var b = Member("b", 4002);
        state.Merge(View(a, [b]), out _);

        Assert.True(state.Merge(View(a, [], "b"), out _));
        state.Merge(View(Member("c", 4003), [b]), out _);

        Assert.False(state.TryGetPeer("b", out _));
        Assert.True(state.IsTombstoned("b"));
    }

    [Fact]
    public void A_view_from_a_buried_member_cannot_bring_anyone_back()
    {
        var state = State();
        var zombie = Member("z", 4001);
        state.Merge(View(zombie, []), out _);
        state.Remove("z", "test");

        Assert.False(state.Merge(View(zombie, [Member("x", 4005)]), out _));

        Assert.Empty(state.Peers);
    }

    [Fact]
    public void A_view_that_lists_this_member_as_gone_names_who_declared_it_dead()
    {
        var state = State();

        state.Merge(View(Member("a", 4001), [], "self"), out var dead);

        Assert.Equal("a", dead);
    }

    [Fact]
    public void A_newer_process_at_the_same_address_replaces_the_older_one()
    {
        var state = State();
        state.Merge(View(Member("old", 4001, startedAt: 1), []), out _);

        state.TopologyToPublish();

        Assert.True(state.Merge(View(Member("new", 4001, startedAt: 2), []), out _));
        Assert.Empty(state.Peers);
        Assert.True(state.IsTombstoned("old"));
        Assert.Single(state.TopologyToPublish()!); // Proto first sees the old incarnation go...

        state.Merge(View(Member("new", 4001, startedAt: 2), []), out _);
        Assert.Equal(["new"], state.Peers.Select(p => p.Info.Id));
        Assert.Equal(2, state.TopologyToPublish()!.Count); // ...then the new one come
    }

    [Fact]
    public void A_member_at_an_address_that_just_left_joins_only_after_the_leave_was_published()
    {
        var state = State();
        var a = Member("a", 4001);
        state.Merge(View(a, [Member("b", 4002)]), out _);
        state.TopologyToPublish();

        // One view says b is gone and lists its new incarnation at the same address.
        state.Merge(View(a, [Member("b2", 4002, startedAt: 2)], "b"), out _);

        Assert.Equal(["a"], state.Peers.Select(p => p.Info.Id));
        state.TopologyToPublish();
        state.Merge(View(a, [Member("b2", 4002, startedAt: 2)], "b"), out _);
        Assert.Equal(["a", "b2"], state.Peers.Select(p => p.Info.Id).Order());
    }

    [Fact]
    public void A_peer_silent_past_the_heartbeat_expiration_is_removed_and_not_before()
    {
        var state = State();
        state.Merge(View(Member("a", 4001), []), out _);

        _time.Advance(Detection.HeartbeatExpiration - TimeSpan.FromMilliseconds(1));
        Assert.False(state.ExpireSilent());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(state.ExpireSilent());

        Assert.Empty(state.Peers);
    }

    [Fact]
    public void A_silent_peer_is_probed_and_removed_when_its_port_refuses()
    {
        var state = State();
        state.Merge(View(Member("a", 4001), []), out _);
        Assert.Empty(state.SuspectsToProbe());

        _time.Advance(Detection.SuspectAfter);
        var suspect = Assert.Single(state.SuspectsToProbe());
        var started = state.StartProbe(suspect);
        Assert.Empty(state.SuspectsToProbe());

        Assert.True(state.ProbeEnded(suspect, started, ProbeOutcome.Refused));
        Assert.Empty(state.Peers);
    }

    [Fact]
    public void A_probe_answered_by_a_listening_port_or_outrun_by_news_removes_nobody()
    {
        var state = State();
        var a = Member("a", 4001);
        state.Merge(View(a, []), out _);
        _time.Advance(Detection.SuspectAfter);
        var suspect = state.SuspectsToProbe()[0];

        var started = state.StartProbe(suspect);
        Assert.False(state.ProbeEnded(suspect, started, ProbeOutcome.Listening));

        started = state.StartProbe(suspect);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        state.Merge(View(a, []), out _); // heard from it while the probe ran
        Assert.False(state.ProbeEnded(suspect, started, ProbeOutcome.Refused));

        Assert.Single(state.Peers);
    }

    [Fact]
    public void The_topology_is_published_only_when_the_live_set_changes()
    {
        var state = State();
        Assert.Single(state.TopologyToPublish()!);
        Assert.Null(state.TopologyToPublish());

        state.Merge(View(Member("a", 4001), []), out _);

        Assert.Equal(2, state.TopologyToPublish()!.Count);
        Assert.Null(state.TopologyToPublish());
    }

    [Fact]
    public void Tombstones_are_forgotten_after_their_retention()
    {
        var state = State();
        state.Remove("gone", "test");
        _time.Advance(TimeSpan.FromMinutes(10));

        state.PruneTombstones();

        Assert.False(state.IsTombstoned("gone"));
    }
}
