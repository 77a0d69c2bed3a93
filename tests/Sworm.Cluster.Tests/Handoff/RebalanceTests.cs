using System.Diagnostics;
using Sworm.Supervision.Failover;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;
using static Sworm.Cluster.Tests.Handoff.HandoffKit;

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
        var owners = ExpectedOwners(cluster, counters);
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
        var owners = ExpectedOwners(cluster, move);
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

    /// <summary>Registers <paramref name="count"/> counters with distinct starts and increments each once (its value then proves it kept its state).</summary>
    private static async Task<Placed[]> Incremented(SwormClient client, string prefix, int first, int count)
    {
        var counters = Enumerable.Range(0, count).Select(i => new Placed(Unique(prefix), first + i)).ToArray();
        await Parallel.ForEachAsync(counters, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            Assert.Equal(RegisterStatus.Started, (await client.RegisterName(c.Name, Counter.Spec("reply", c.Start))).Status));
        await Parallel.ForEachAsync(counters, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            Assert.True(await client.Send(c.Name, new Increment())));
        return counters;
    }

    private static async Task<Dictionary<string, string>> Addresses(SwormClient client, Placed[] counters)
    {
        var addresses = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(counters, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            var count = await client.Request<CountIs>(c.Name, new GetCount(), TimeSpan.FromSeconds(10));
            Assert.Equal(c.Start + 1, count.Value);
            addresses[c.Name] = count.Address;
        });
        return new Dictionary<string, string>(addresses);
    }

    /// <summary>Where each name belongs now: the rendezvous-first member (the placement rule of handoff sworms).</summary>
    private static Dictionary<string, string> ExpectedOwners(TestCluster cluster, Placed[] counters)
    {
        var byId = cluster.Members.ToDictionary(m => m.System.Id, m => m.Address);
        return counters.ToDictionary(c => c.Name, c => byId[Rendezvous.First(c.Name, byId.Keys)!]);
    }

    /// <summary>Waits until every counter answers from its owner with its value; the moved ones restored from a handed-off state.</summary>
    private static Task<TimeSpan> AllAnswerOn(SwormClient client, Placed[] counters, Dictionary<string, string> owners, HashSet<string> moved, TimeSpan timeout)
    {
        var done = new HashSet<string>();
        var wrong = new List<string>();
        return Eventually.Until(async () =>
        {
            wrong.Clear();
            await Parallel.ForEachAsync(counters.Where(c => !done.Contains(c.Name)).ToArray(), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            {
                CountIs? count = null;
                string? failure = null;
                try
                {
                    count = await client.Request<CountIs>(c.Name, new GetCount(), TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is SwormException or TimeoutException)
                {
                    failure = e.GetType().Name;
                }

                lock (done)
                {
                    if (count is not null && count.Address == owners[c.Name])
                    {
                        // On its owner: it must hold its value (a clean restart would answer the start value).
                        Assert.True(count.Value == c.Start + 1, $"{c.Name} answers {count.Value} on {count.Address}, not {c.Start + 1}: its state was lost");
                        Assert.Equal(moved.Contains(c.Name), count.Restored);
                        done.Add(c.Name);
                    }
                    else
                    {
                        wrong.Add(count is null ? $"{c.Name}: {failure}" : $"{c.Name}: {count.Value} on {count.Address}");
                    }
                }
            });
            return done.Count == counters.Length;
        }, timeout, "every counter to answer from its owner with its value",
            () => $"{counters.Length - done.Count} of {counters.Length} not there yet, e.g. {string.Join("; ", wrong.Take(5))}");
    }
}
