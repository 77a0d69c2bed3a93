using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sworm.Membership;
using Xunit;

namespace Sworm.Runtime.Tests.Partitions;

/// <summary>The merge decision after a healed partition (MergeRule and MembershipState's lost members), without actors.</summary>
public sealed class MergeRuleTests
{
    private static MemberInfo Member(string id, long startedAt) => new(id, "10.0.0." + id.Length, 4000 + id.GetHashCode() % 1000, ["k"], startedAt);

    [Fact]
    public void The_smaller_side_loses_whatever_the_ages()
    {
        MemberInfo[] two = [Member("a", 1), Member("b", 2)];
        MemberInfo[] three = [Member("c", 3), Member("d", 4), Member("e", 5)];

        Assert.True(MergeRule.MySideLoses(two, three));
        Assert.False(MergeRule.MySideLoses(three, two));
    }

    [Fact]
    public void On_a_tie_the_side_without_the_oldest_member_loses()
    {
        MemberInfo[] left = [Member("a", 20), Member("b", 5)];
        MemberInfo[] right = [Member("c", 10), Member("d", 11)];

        Assert.False(MergeRule.MySideLoses(left, right));
        Assert.True(MergeRule.MySideLoses(right, left));
    }

    [Fact]
    public void On_a_tie_of_start_times_the_smaller_id_is_the_older()
    {
        Assert.False(MergeRule.MySideLoses([Member("a", 1)], [Member("b", 1)]));
        Assert.True(MergeRule.MySideLoses([Member("b", 1)], [Member("a", 1)]));
    }

    [Fact]
    public void Exactly_one_side_loses_for_every_split_of_six_members()
    {
        var all = Enumerable.Range(0, 6).Select(i => Member("m" + i, 100 + (i * 7 % 5))).ToArray();
        for (var mask = 1; mask < (1 << all.Length) - 1; mask++)
        {
            var mine = all.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            var theirs = all.Except(mine).ToArray();
            Assert.NotEqual(MergeRule.MySideLoses(mine, theirs), MergeRule.MySideLoses(theirs, mine));
        }
    }

    [Fact]
    public void Empty_or_overlapping_sides_are_refused()
    {
        var a = Member("a", 1);
        Assert.Throws<ArgumentException>(() => MergeRule.MySideLoses([], [a]));
        Assert.Throws<ArgumentException>(() => MergeRule.MySideLoses([a], [a]));
    }

    [Fact]
    public void Members_removed_by_expiration_are_remembered_and_a_merge_waits_for_a_stable_link()
    {
        var time = new FakeTimeProvider();
        var detection = new FailureDetectionOptions();
        var self = new MemberInfo("a", "10.0.0.1", 4000, ["k"], 1);
        var b = new MemberInfo("b", "10.0.0.2", 4000, ["k"], 2);
        var c = new MemberInfo("c", "10.0.0.3", 4000, ["k"], 3);
        var state = new MembershipState(self, "cl", detection, TimeSpan.FromMinutes(10), time, NullLogger.Instance);
        state.Merge(new MembershipView("cl", b.Id, [b, c], []), out _);
        state.TopologyToPublish();

        // b and c fall silent (the link to them is cut) and expire: this side is {a}, theirs {b, c}.
        time.Advance(detection.HeartbeatExpiration);
        Assert.True(state.ExpireSilent());
        Assert.Equal(["b", "c"], state.Lost.Select(l => l.Info.Id).Order());
        Assert.True(state.IsQuarantined(b.Address));

        // The link flaps: listening, then not, then listening again; no decision until it stayed up 2 s.
        var probes = state.LostToProbe(TimeSpan.FromSeconds(1));
        Assert.Equal(2, probes.Count);
        foreach (var lost in probes) state.LostProbeEnded(lost, ProbeOutcome.Listening);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(state.DecideMerge(TimeSpan.FromSeconds(2)));
        foreach (var lost in state.LostToProbe(TimeSpan.FromSeconds(1))) state.LostProbeEnded(lost, ProbeOutcome.NoAnswer);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(state.DecideMerge(TimeSpan.FromSeconds(2)));

        foreach (var lost in state.LostToProbe(TimeSpan.FromSeconds(1))) state.LostProbeEnded(lost, ProbeOutcome.Listening);
        time.Advance(TimeSpan.FromSeconds(2));
        var outcome = state.DecideMerge(TimeSpan.FromSeconds(2));

        Assert.NotNull(outcome);
        Assert.True(outcome.MySideLoses);
        Assert.Equal(["b", "c"], outcome.Theirs.Select(m => m.Id).Order());
    }

    [Fact]
    public void A_new_incarnation_joining_at_a_lost_address_ends_its_quarantine()
    {
        var time = new FakeTimeProvider();
        var detection = new FailureDetectionOptions();
        var self = new MemberInfo("a", "10.0.0.1", 4000, ["k"], 1);
        var b = new MemberInfo("b", "10.0.0.2", 4000, ["k"], 2);
        var state = new MembershipState(self, "cl", detection, TimeSpan.FromMinutes(10), time, NullLogger.Instance);
        state.Merge(new MembershipView("cl", b.Id, [b], []), out _);
        state.TopologyToPublish();
        time.Advance(detection.HeartbeatExpiration);
        state.ExpireSilent();
        state.TopologyToPublish();

        var reborn = b with { Id = "b2", StartedAtUnixMs = 9 };
        state.Merge(new MembershipView("cl", reborn.Id, [reborn], []), out _);

        Assert.True(state.TryGetPeer("b2", out _));
        Assert.Empty(state.Lost);
        Assert.False(state.IsQuarantined(b.Address));
    }

    [Fact]
    public void A_member_removed_because_its_port_refused_is_not_remembered_as_lost()
    {
        var time = new FakeTimeProvider();
        var self = new MemberInfo("a", "10.0.0.1", 4000, ["k"], 1);
        var b = new MemberInfo("b", "10.0.0.2", 4000, ["k"], 2);
        var state = new MembershipState(self, "cl", new FailureDetectionOptions(), TimeSpan.FromMinutes(10), time, NullLogger.Instance);
        state.Merge(new MembershipView("cl", b.Id, [b], []), out _);
        time.Advance(TimeSpan.FromSeconds(1));
        state.TryGetPeer("b", out var peer);
        var started = state.StartProbe(peer);

        Assert.True(state.ProbeEnded(peer, started, ProbeOutcome.Refused));
        Assert.Empty(state.Lost);
    }
}
