using System.Globalization;
using Sworm.Testing;
using Sworm.Testing.Partitions;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Partitions;

/// <summary>
/// Issue 16 scenario 1 with <c>Handoff</c>, members as processes in network namespaces: two members split, each
/// registers "hi" (a ConflictCounter of HandoffProcesses) with its own value; after the heal one "hi" runs, on every
/// member's view, the other worker is stopped, and the survivor received the loser's value as <c>ResolveConflict</c>
/// (here the losing side of the merge rule rejoins as a new incarnation: its old incarnation captured the state with
/// <c>BeginHandoff</c> before it stopped, the new one delivered it; docs/partitions.md, "Name conflicts").
/// </summary>
public sealed class PartitionConflictStateTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Reconverge = TimeSpan.FromSeconds(20);

    [NetnsFact]
    public async Task Two_members_split_each_registers_hi_with_a_state_and_after_the_heal_the_survivor_holds_the_losers_state()
    {
        await using var lab = await NetworkLab.Create(2);
        await using var cluster = await LabCluster.Start(lab);
        await lab.Split([lab[1]]);
        await cluster.UntilEachSees(cluster.Members, 1, "each side to see only itself", TimeSpan.FromSeconds(30));

        Assert.StartsWith("REGISTERED Started", await cluster[0].Ask("counter hi 1", "REGISTERED"));
        Assert.StartsWith("REGISTERED Started", await cluster[1].Ask("counter hi 2", "REGISTERED"));
        Assert.Equal(2, (await Counters(cluster.Members)).Sum(c => c.Live));

        await lab.HealSplit();
        var took = await UntilOneCounter(cluster, 1, "one 'hi' on every member after the heal", Reconverge);
        output.WriteLine($"one 'hi' everywhere {took.TotalMilliseconds:0} ms after the heal");

        var last = "";
        await Eventually.Until(async () =>
        {
            var answers = new List<string>();
            foreach (var member in cluster.Members)
            {
                answers.Add(await member.Ask("counterconflicts hi", "CONFLICTS "));
            }

            last = string.Join("; ", answers);
            // The survivor keeps its own value and received the other side's: "1 2 addr" or "2 1 addr", alike on every member.
            return answers.Distinct().Count() == 1 && answers[0].Split(' ') is [_, var value, var resolved, _]
                   && resolved == (3 - int.Parse(value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        }, TimeSpan.FromSeconds(10), "the survivor to hold the loser's value from ResolveConflict, seen alike from every member", () => last);
        output.WriteLine("survivor: " + last);

        Assert.Equal("UNREGISTERED True", await cluster[1].Ask("uncounter hi", "UNREGISTERED"));
        await UntilOneCounter(cluster, 0, "the registry to be empty everywhere", TimeSpan.FromSeconds(10));
    }

    private static async Task<List<(string Address, bool Answered, int Nodes, int Entries, string Hash, int Live)>> Counters(IEnumerable<MemberProcess> members)
    {
        var views = new List<(string, bool, int, int, string, int)>();
        foreach (var member in members)
        {
            try
            {
                var nodes = (await member.Ask("nodes", "NODES ", TimeSpan.FromSeconds(5))).Split(' ');
                var counters = (await member.Ask("counters", "COUNTERS ", TimeSpan.FromSeconds(5))).Split(' ');
                views.Add((member.Address, true, Int(nodes[1]), Int(counters[1]), counters[2], Int(counters[3])));
            }
            catch (TimeoutException)
            {
                views.Add((member.Address, false, 0, 0, "", 0));
            }
        }

        return views;
    }

    /// <summary>Every member answers and sees all, holds the same HandoffProcesses registry of <paramref name="names"/> entries, and that many counters live.</summary>
    private async Task<TimeSpan> UntilOneCounter(LabCluster cluster, int names, string whatWeWaitFor, TimeSpan timeout)
    {
        var last = "";
        try
        {
            return await Eventually.Until(async () =>
            {
                var views = await Counters(cluster.Members);
                last = string.Join("; ", views);
                return views.All(v => v.Answered && v.Nodes == cluster.Members.Count && v.Entries == names)
                       && views.Select(v => v.Hash).Distinct().Count() == 1
                       && views.Sum(v => v.Live) == names;
            }, timeout, whatWeWaitFor, () => last);
        }
        finally
        {
            output.WriteLine($"[{whatWeWaitFor}] last seen: {last}");
        }
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
