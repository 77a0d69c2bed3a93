using System.Diagnostics;
using Sworm.Supervision.Failover;
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
}
