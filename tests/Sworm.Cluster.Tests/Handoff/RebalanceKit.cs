using Sworm.Supervision.Failover;
using Sworm.Supervision.Placement;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using static Sworm.Cluster.Tests.Handoff.HandoffKit;

namespace Sworm.Cluster.Tests.Handoff;

/// <summary>Shared steps of the rebalancing tests (in-process and OS-process members): counters with values, their owners, waiting for them.</summary>
internal static class RebalanceKit
{
    /// <summary>Registers <paramref name="count"/> counters with distinct starts and increments each once (its value then proves it kept its state).</summary>
    public static async Task<Placed[]> Incremented(SwormClient client, string prefix, int first, int count)
    {
        var counters = Enumerable.Range(0, count).Select(i => new Placed(Unique(prefix), first + i)).ToArray();
        await Parallel.ForEachAsync(counters, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            Assert.Equal(RegisterStatus.Started, (await client.RegisterName(c.Name, Counter.Spec("reply", c.Start))).Status));
        await Parallel.ForEachAsync(counters, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            Assert.True(await client.Send(c.Name, new Increment())));
        return counters;
    }

    public static async Task<Dictionary<string, string>> Addresses(SwormClient client, Placed[] counters)
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
    public static Dictionary<string, string> ExpectedOwners(Dictionary<string, string> addressById, Placed[] counters) =>
        counters.ToDictionary(c => c.Name, c => addressById[Rendezvous.First(c.Name, addressById.Keys)!]);

    /// <summary>Member id → address of the in-process members.</summary>
    public static Dictionary<string, string> Ids(TestCluster cluster) => cluster.Members.ToDictionary(m => m.System.Id, m => m.Address);

    /// <summary>Waits until every counter answers from its owner with its value; the moved ones restored from a handed-off state.</summary>
    public static Task<TimeSpan> AllAnswerOn(SwormClient client, Placed[] counters, Dictionary<string, string> owners, HashSet<string> moved, TimeSpan timeout)
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
