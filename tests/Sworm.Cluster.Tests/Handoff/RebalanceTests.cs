using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Placement;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;
using static Sworm.Cluster.Tests.Handoff.HandoffKit;
using static Sworm.Cluster.Tests.Handoff.RebalanceKit;

namespace Sworm.Cluster.Tests.Handoff;

/// <summary>
/// <c>RebalanceOnJoin</c> (API.md §5, issue 12 scenario 6) with in-process members over loopback: when a member joins,
/// the workers it now owns by the placement rule move there with their state, through the handoff path; never two live
/// copies of a name; with the option off, nothing moves.
/// </summary>
public sealed class RebalanceTests(ITestOutputHelper output)
{
    private const int Counters = 3_000;

    /// <summary>Scenario 6: 2 members with 3,000 counters, a third joins: about a third move to it, every value kept, never two copies.</summary>
    [Fact]
    public async Task A_joining_member_takes_over_about_a_third_of_the_counters_with_their_values_and_no_name_ever_runs_twice()
    {
        await using var cluster = await TestCluster.Start(2, sworms => sworms.AddSworm<RebalanceProcesses>());
        var client = Client(cluster[0], "RebalanceProcesses");
        var counters = await Incremented(client, "rebalance", 7_000_000, Counters);
        var before = await Addresses(client, counters);
        Assert.All(counters, c => Assert.Equal(1, CounterCopies.ConstructedOf(c.Start)));

        var clock = Stopwatch.StartNew();
        var joiner = await cluster.AddMember();
        var owners = ExpectedOwners(Ids(cluster), counters);
        var moving = counters.Where(c => owners[c.Name] == joiner.Address).ToArray();
        output.WriteLine($"{moving.Length} of {counters.Length} counters are owned by the joiner {joiner.Address} now");
        Assert.InRange(moving.Length, Counters / 5, Counters / 2);
        Assert.All(counters.Except(moving), c => Assert.Equal(owners[c.Name], before[c.Name]));

        var allThere = await AllAnswerOn(client, counters, owners, moving.Select(c => c.Name).ToHashSet(), TimeSpan.FromSeconds(60));
        output.WriteLine($"join → all {moving.Length} moved counters answering on the joiner with their values: {clock.ElapsedMilliseconds} ms (the member's start included; default rate 500 moves/s per member)");

        // Never two copies: each counter ran at most once at a time (in this process, which hosts all three members),
        // was built once, plus once more if it moved, and runs once now.
        Assert.All(counters, c =>
        {
            Assert.Equal(1, CounterCopies.MaxLiveOf(c.Start));
            Assert.Equal(moving.Contains(c) ? 2 : 1, CounterCopies.ConstructedOf(c.Start));
            Assert.Equal(1, CounterCopies.LiveOf(c.Start));
        });
        foreach (var member in cluster.Members)
        {
            await Eventually.Until(async () => (await member.Sworm<RebalanceProcesses>().Registered()).Count == Counters,
                $"{member.Address} to list exactly the {Counters} names", TimeSpan.FromSeconds(20));
        }

        await Eventually.Until(async () => (await StoredStates(joiner, "RebalanceProcesses")) == 0, "the joiner's handoff store to be empty");
    }

    /// <summary>With <c>RebalanceOnJoin</c> off (the default), a join moves nothing: checked against a sworm with it on, in the same cluster.</summary>
    [Fact]
    public async Task Without_RebalanceOnJoin_a_join_moves_nothing()
    {
        const int count = 400;
        await using var cluster = await TestCluster.Start(2, sworms => sworms.AddSworm<HandoffProcesses>().AddSworm<RebalanceProcesses>());
        var plain = Client(cluster[0], "HandoffProcesses");
        var rebalancing = Client(cluster[0], "RebalanceProcesses");
        var stay = await Incremented(plain, "stay", 8_000_000, count);
        var move = await Incremented(rebalancing, "move", 8_100_000, count);
        var before = await Addresses(plain, stay);

        var joiner = await cluster.AddMember();
        var owners = ExpectedOwners(Ids(cluster), move);
        var moving = move.Where(c => owners[c.Name] == joiner.Address).Select(c => c.Name).ToHashSet();
        Assert.NotEmpty(moving);
        await AllAnswerOn(rebalancing, move, owners, moving, TimeSpan.FromSeconds(60));

        // By now the rebalancing sworm has moved; the other sworm's counters are where they were, never rebuilt.
        var after = await Addresses(plain, stay);
        Assert.All(stay, c =>
        {
            Assert.Equal(before[c.Name], after[c.Name]);
            Assert.Equal(1, CounterCopies.ConstructedOf(c.Start));
        });
        Assert.Contains(stay, c => Rendezvous.First(c.Name, cluster.Members.Select(m => m.System.Id)) == joiner.System.Id);
    }

    /// <summary>
    /// A member that starts leaving while it rebalances (slowly: 100 moves/s) stops rebalancing and its leave hands off the
    /// rest: every counter ends on its owner among the members that stay, with its value, each built once plus once if it moved.
    /// </summary>
    [Fact]
    public async Task A_member_that_leaves_during_its_rebalance_stops_it_and_its_leave_moves_the_rest()
    {
        const int count = 1_000;
        await using var cluster = await TestCluster.Start(2, sworms =>
        {
            sworms.AddSworm<RebalanceProcesses>();
            sworms.Services.Configure<SwormOptions>("RebalanceProcesses", o => o.RebalanceMovesPerSecond = 100);
        });
        var (leaving, staying) = (cluster[0], cluster[1]);
        var client = Client(staying, "RebalanceProcesses");
        var counters = await Incremented(client, "interrupted", 7_500_000, count);
        var before = await Addresses(client, counters);
        var leaverView = Runtime(leaving, "RebalanceProcesses").Handoffs;
        var onLeaver = leaverView.LocalWorkers().Length;

        var joiner = await cluster.AddMember();
        var joinerOwns = ExpectedOwners(Ids(cluster), counters);
        await Eventually.Until(() => leaverView.LocalWorkers().Length <= onLeaver - 10, "the leaving member's rebalance to have started moving");
        var stillToMove = leaverView.LocalWorkers().Count(w => joinerOwns[w.Key] == joiner.Address);
        Assert.True(stillToMove > 0, "the rebalance finished before the leave began: this test did not interrupt it");

        await cluster.StopMember(leaving);
        var owners = ExpectedOwners(Ids(cluster), counters);
        var moved = counters.Where(c => before[c.Name] != owners[c.Name]).Select(c => c.Name).ToHashSet();
        await AllAnswerOn(client, counters, owners, moved, TimeSpan.FromSeconds(60));
        var movedTwice = counters.Count(c => CounterCopies.ConstructedOf(c.Start) == 3);
        output.WriteLine($"{stillToMove} moves toward the joiner were left when its member began to leave; {moved.Count} of {count} counters moved in all, {movedTwice} of them twice");

        // Never two copies at once, and every copy but the first built for a move: where a leave overlaps the rebalances
        // a name can move twice (seen in 2 of 20 runs: 1 and 5 names), each time with its state (checked above).
        Assert.All(counters, c =>
        {
            Assert.Equal(1, CounterCopies.MaxLiveOf(c.Start));
            Assert.InRange(CounterCopies.ConstructedOf(c.Start), moved.Contains(c.Name) ? 2 : 1, moved.Contains(c.Name) ? 3 : 1);
            Assert.Equal(1, CounterCopies.LiveOf(c.Start));
        });
    }
}
