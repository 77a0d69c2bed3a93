using Microsoft.Extensions.Time.Testing;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Placement;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>Who restores an orphaned spec, and when: the first-ranked live member at once, the others one deferral later.</summary>
public sealed class RestorePlannerTests
{
    private static readonly TimeSpan Deferral = TimeSpan.FromSeconds(1);
    private static readonly WorkerSpec Spec = new("W", "", "[]");
    private readonly FakeTimeProvider _time = new();

    private static Dictionary<string, SpecCopy> Copies(params SpecCopy[] copies) => copies.ToDictionary(c => c.Name);

    /// <summary>A name for which <paramref name="member"/> ranks first (or not) among <paramref name="live"/>.</summary>
    private static string NameRankedFirstBy(string member, IReadOnlySet<string> live, bool first) =>
        Enumerable.Range(0, 1000).Select(i => "n" + i).First(n => Rendezvous.First(n, live) == member == first);

    [Fact]
    public void The_first_ranked_live_member_restores_at_once_and_only_once()
    {
        var live = new HashSet<string> { "a", "b" };
        var name = NameRankedFirstBy("a", live, first: true);
        var planner = new RestorePlanner(Deferral, _time);
        var copies = Copies(new SpecCopy(name, Spec, "dead"));

        Assert.Equal([name], planner.Plan(copies, live, "a").Select(c => c.Name));
        Assert.Empty(planner.Plan(copies, live, "a"));
        Assert.Equal(1, planner.Pending);

        planner.Done(name);
        Assert.Equal(0, planner.Pending);
    }

    [Fact]
    public void Another_holder_restores_only_if_the_name_is_still_orphaned_a_deferral_later()
    {
        var live = new HashSet<string> { "a", "b" };
        var name = NameRankedFirstBy("a", live, first: false);
        var planner = new RestorePlanner(Deferral, _time);
        var copies = Copies(new SpecCopy(name, Spec, "dead"));

        Assert.Empty(planner.Plan(copies, live, "a"));
        _time.Advance(Deferral - TimeSpan.FromMilliseconds(1));
        Assert.Empty(planner.Plan(copies, live, "a"));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Single(planner.Plan(copies, live, "a"));
    }

    [Fact]
    public void A_deferred_name_is_ranked_again_when_the_topology_changes_and_restored_at_once_if_now_first()
    {
        var live = new HashSet<string> { "a", "b", "c" };
        // b ranks first among a, b, c; without b, a does.
        var name = Enumerable.Range(0, 1000).Select(i => "n" + i)
            .First(n => Rendezvous.First(n, live) == "b" && Rendezvous.First(n, new HashSet<string> { "a", "c" }) == "a");
        var planner = new RestorePlanner(Deferral, _time);
        var copies = Copies(new SpecCopy(name, Spec, "dead"));

        Assert.Empty(planner.Plan(copies, live, "a"));
        Assert.Empty(planner.Plan(copies, live, "a")); // the same topology: still deferred

        // b left too: the store passes a new live set, and a restores at once, not a deferral after the first plan.
        Assert.Equal([name], planner.Plan(copies, new HashSet<string> { "a", "c" }, "a").Select(c => c.Name));
    }

    [Fact]
    public void A_copy_whose_host_lives_is_not_restored_and_a_deferral_is_forgotten_when_the_host_returns()
    {
        var live = new HashSet<string> { "a", "b", "host" };
        var planner = new RestorePlanner(Deferral, _time);
        var copies = Copies(new SpecCopy("x", Spec, "host"));

        Assert.Empty(planner.Plan(copies, live, "a"));

        var withoutHost = new HashSet<string> { "a", "b" };
        var name = NameRankedFirstBy("a", withoutHost, first: false);
        var orphan = Copies(new SpecCopy(name, Spec, "host"));
        planner.Plan(orphan, withoutHost, "a");
        planner.ForgetStale(orphan, live);
        _time.Advance(Deferral);
        Assert.Empty(planner.Plan(orphan, withoutHost, "a")); // deferred anew, not restored at once
    }

    [Fact]
    public void A_restore_begun_outside_the_plan_counts_as_under_way_until_done_and_is_not_planned_again()
    {
        var live = new HashSet<string> { "a", "b" };
        var name = NameRankedFirstBy("a", live, first: true);
        var planner = new RestorePlanner(Deferral, _time);
        var copies = Copies(new SpecCopy(name, Spec, "dead"));

        Assert.True(planner.Begin(name));
        Assert.False(planner.Begin(name));
        Assert.Empty(planner.Plan(copies, live, "a"));
        Assert.Equal(1, planner.Pending);

        planner.Done(name);
        Assert.True(planner.Begin(name));
    }

    [Fact]
    public void A_plan_says_whether_it_met_an_orphan_so_the_store_can_skip_its_sweeps_until_the_topology_changes()
    {
        var live = new HashSet<string> { "a", "b" };
        var name = NameRankedFirstBy("a", live, first: true);
        var planner = new RestorePlanner(Deferral, _time);

        Assert.Empty(planner.Plan(Copies(new SpecCopy(name, Spec, "b")), live, "a"));
        Assert.False(planner.SawOrphans); // every host live

        var orphaned = Copies(new SpecCopy(name, Spec, "dead"));
        Assert.Single(planner.Plan(orphaned, live, "a"));
        Assert.True(planner.SawOrphans);
        Assert.Empty(planner.Plan(orphaned, live, "a"));
        Assert.True(planner.SawOrphans); // under way: still an orphan until its copy goes

        planner.Done(name);
        Assert.Empty(planner.Plan(Copies(new SpecCopy(name, Spec, "a")), live, "a"));
        Assert.False(planner.SawOrphans);
    }
}
