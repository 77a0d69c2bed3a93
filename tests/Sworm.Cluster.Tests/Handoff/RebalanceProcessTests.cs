using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;
using static Sworm.Cluster.Tests.Handoff.HandoffKit;
using static Sworm.Cluster.Tests.Handoff.RebalanceKit;

namespace Sworm.Cluster.Tests.Handoff;

/// <summary>
/// Issue 12, scenario 6 across OS processes: a member process joins a 2-member cluster that holds 3,000 counters; with
/// <c>RebalanceOnJoin</c> turned on from configuration alone (an environment variable in the processes, code in the
/// in-process driver), about a third move to it with their values, and no name ever runs twice.
/// </summary>
public sealed class RebalanceProcessTests(ITestOutputHelper output)
{
    private const int Counters = 3_000;

    private static readonly Dictionary<string, string> RebalanceOn = new() { ["Sworm__Sworms__HandoffProcesses__RebalanceOnJoin"] = "true" };

    [Fact]
    public async Task A_member_process_joining_two_members_takes_over_about_a_third_of_3000_counters_with_their_values()
    {
        await using var cluster = await TestCluster.Start(1, sworms =>
        {
            sworms.AddSworm<HandoffProcesses>();
            sworms.Services.Configure<SwormOptions>("HandoffProcesses", o => o.RebalanceOnJoin = true);
        });
        var driver = cluster[0];
        var client = Client(driver, "HandoffProcesses");
        await using var first = await Join(cluster, expectedNodes: 2);
        var counters = await Incremented(client, "scenario6", 9_000_000, Counters);
        var before = await Addresses(client, counters);
        Assert.True(before.Values.Count(a => a == first.Address) > Counters / 4, "the counters are not spread over the two members");

        var clock = Stopwatch.StartNew();
        await using var joiner = await Join(cluster, expectedNodes: 3);
        var owners = ExpectedOwners(new() { [driver.System.Id] = driver.Address, [first.Id] = first.Address, [joiner.Id] = joiner.Address }, counters);
        var moving = counters.Where(c => owners[c.Name] == joiner.Address).Select(c => c.Name).ToHashSet();
        output.WriteLine($"{moving.Count} of {Counters} counters are owned by the joining process {joiner.Address} now");
        Assert.InRange(moving.Count, Counters / 5, Counters / 2);

        await AllAnswerOn(client, counters, owners, moving, TimeSpan.FromSeconds(90));
        output.WriteLine($"process joined → all {moving.Count} moved counters answering on it with their values: {clock.ElapsedMilliseconds} ms (its start included)");

        // Never two copies: every counter was built once, plus once per move, and runs exactly once now, across the
        // driver (this process; counted per counter) and the two member processes (counted per process).
        var driverLive = counters.Sum(c => CounterCopies.LiveOf(c.Start));
        var driverBuilt = counters.Sum(c => CounterCopies.ConstructedOf(c.Start));
        Assert.All(counters, c => Assert.True(CounterCopies.MaxLiveOf(c.Start) <= 1, $"{c.Name} ran twice at once on the driver"));
        (int Live, int Built) inFirst = default, inJoiner = default;
        await Eventually.Until(async () =>
        {
            inFirst = await CountersIn(first);
            inJoiner = await CountersIn(joiner);
            return driverLive + inFirst.Live + inJoiner.Live == Counters && driverBuilt + inFirst.Built + inJoiner.Built == Counters + moving.Count;
        }, TimeSpan.FromSeconds(20), "exactly one live counter per name, built once plus once per move",
            () => $"live/built: driver {driverLive}/{driverBuilt}, {first.Address} {inFirst.Live}/{inFirst.Built}, {joiner.Address} {inJoiner.Live}/{inJoiner.Built}");
    }

    private async Task<MemberProcess> Join(TestCluster cluster, int expectedNodes)
    {
        var member = await MemberProcess.Start(cluster.Name, cluster[0].Address, RebalanceOn);
        try
        {
            await Eventually.Until(async () => (await cluster[0].Sworm<HandoffProcesses>().Nodes()).Count == expectedNodes,
                "the member process to join", TimeSpan.FromSeconds(20));
            return member;
        }
        catch
        {
            output.WriteLine(member.Output);
            await member.DisposeAsync();
            throw;
        }
    }

    private static async Task<(int Live, int Built)> CountersIn(MemberProcess member)
    {
        var words = (await member.Ask("countercopies", "COUNTERCOPIES ")).Split(' ');
        return (int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
