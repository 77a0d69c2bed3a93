using Microsoft.Extensions.DependencyInjection;
using Proto;
using Sworm.Hosting;
using Sworm.Registry;
using Sworm.Supervision;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Partitions;

/// <summary>
/// API.md §5, last paragraph: when a name conflict is resolved on a handoff sworm, the winner first receives
/// <c>ResolveConflict</c> with the loser's state, taken by <c>BeginHandoff</c>, then the loser stops. The conflict is
/// made deterministically, as Proto's duplicate activation makes it: a second delegate of the same name is spawned on
/// the other member outside the identity lookup and starts its own worker, so both members publish the name. The name
/// is chosen so that the conflict rule picks the side the test wants.
/// </summary>
public sealed class ConflictStateTests(ITestOutputHelper output)
{
    // Conflicts are checked every second; the loser waits at most HandoffTimeoutMs (1 s) for its worker, then the winner's answer.
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(15);

    private const int HomeStart = 100;
    private const int DuplicateStart = 200;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_winner_receives_the_losers_state_once_and_one_worker_remains(bool duplicateLoses)
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<HandoffProcesses>());
        var live = ConflictCounters.Live;
        var (name, home, homePid, duplicate, dupDelegate, dupPid) = await MakeConflict(cluster, "reply", duplicateLoses);
        var (winnerPid, loserStart) = duplicateLoses ? (homePid, DuplicateStart) : (dupPid, HomeStart);

        var last = "";
        await Eventually.Until(async () =>
        {
            var conflicts = await home.System.Root.RequestAsync<ConflictsAre>(winnerPid, new GetConflicts(), TimeSpan.FromSeconds(5));
            last = $"winner resolved [{string.Join(',', conflicts.Resolved)}], saw {string.Join(',', conflicts.Seen)}; {ConflictCounters.Live - live} live";
            return conflicts.Resolved.Length > 0 && ConflictCounters.Live - live == 1;
        }, Resolution, "the winner to receive the loser's state and the loser to stop", () => last);
        output.WriteLine(last);

        var final = await home.System.Root.RequestAsync<ConflictsAre>(winnerPid, new GetConflicts(), TimeSpan.FromSeconds(5));
        Assert.Equal([loserStart], final.Resolved);
        Assert.Equal(["Started", "ResolveConflict"], final.Seen);
        await UntilEveryMemberSees(cluster, name, winnerPid);
        await Eventually.Holds(() => ConflictCounters.Live - live == 1, TimeSpan.FromSeconds(2), "exactly one worker of the name lives");

        // Unregistering through the winner's delegate (the identity activation when the duplicate lost) empties every registry.
        if (duplicateLoses)
        {
            Assert.True(await cluster[0].Sworm<HandoffProcesses>().UnregisterName(name));
        }
        else
        {
            var reply = await duplicate.System.Root.RequestAsync<DelegateReply>(dupDelegate, new UnregisterRequest(), TimeSpan.FromSeconds(5));
            Assert.Equal(DelegateOutcome.Removed, reply.Outcome);
        }

        await UntilEveryMemberSees(cluster, name, null);
        await Eventually.Until(() => ConflictCounters.Live == live, "no worker of the name left");
    }

    [Theory]
    [InlineData("ignore")]
    [InlineData("silent")]
    [InlineData("throw")]
    public async Task A_loser_that_hands_nothing_over_still_stops_and_the_winner_gets_no_ResolveConflict(string mode)
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<HandoffProcesses>());
        var live = ConflictCounters.Live;
        var (name, home, homePid, _, _, _) = await MakeConflict(cluster, mode, duplicateLoses: true);

        await Eventually.Until(() => ConflictCounters.Live - live == 1, Resolution, "the loser to stop");
        await UntilEveryMemberSees(cluster, name, homePid);
        var conflicts = await home.System.Root.RequestAsync<ConflictsAre>(homePid, new GetConflicts(), TimeSpan.FromSeconds(5));
        Assert.Empty(conflicts.Resolved);
        Assert.Equal(HomeStart, conflicts.Value);
        Assert.True(await cluster[0].Sworm<HandoffProcesses>().UnregisterName(name));
        await UntilEveryMemberSees(cluster, name, null);
    }

    /// <summary>
    /// Registers a counter (start <see cref="HomeStart"/>) the normal way, then starts a duplicate of its name (start
    /// <see cref="DuplicateStart"/>, answering BeginHandoff by <paramref name="duplicateMode"/>) under a second delegate on
    /// the other member. Names are tried until the conflict rule lets the duplicate lose (or win) as asked.
    /// </summary>
    private static async Task<(string Name, TestMember Home, PID HomePid, TestMember Duplicate, PID DupDelegate, PID DupPid)> MakeConflict(
        TestCluster cluster, string duplicateMode, bool duplicateLoses)
    {
        var processes = cluster[0].Sworm<HandoffProcesses>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var name = "conflict-" + Guid.NewGuid().ToString("N")[..10];
            var registered = await processes.RegisterName(name, ConflictCounter.Spec("reply", HomeStart));
            var home = cluster.Members.Single(m => m.Address == registered.Pid.Address);
            var duplicate = cluster.Members.Single(m => m != home);
            var winner = ConflictRule.Winner(name, [home.System.Id, duplicate.System.Id]);
            if ((winner == home.System.Id) != duplicateLoses)
            {
                Assert.True(await processes.UnregisterName(name));
                continue;
            }

            // What Proto's duplicate activation does: a second delegate of the name, on the other member.
            var runtime = duplicate.Services.GetRequiredService<SwormMember>().RuntimeOf("HandoffProcesses");
            var dupDelegate = duplicate.System.Root.SpawnNamed(runtime.Kind().Props, name);
            var reply = await duplicate.System.Root.RequestAsync<DelegateReply>(
                dupDelegate, new RegisterSupervised(ConflictCounter.Spec(duplicateMode, DuplicateStart)), TimeSpan.FromSeconds(5));
            Assert.Equal(DelegateOutcome.Started, reply.Outcome);
            return (name, home, registered.Pid, duplicate, dupDelegate, reply.Pid!);
        }

        throw new InvalidOperationException("no name in 50 gave the wanted winner");
    }

    /// <summary>Every member's registry holds <paramref name="name"/> at <paramref name="pid"/> (null: not at all), and nothing else.</summary>
    private static Task UntilEveryMemberSees(TestCluster cluster, string name, PID? pid)
    {
        var last = "";
        return Eventually.Until(async () =>
        {
            var seen = new List<string>();
            var ok = true;
            foreach (var member in cluster.Members)
            {
                var registered = await member.Sworm<HandoffProcesses>().Registered();
                var where = await member.Sworm<HandoffProcesses>().WhereIsName(name);
                seen.Add($"{member.Address}: {registered.Count} entries, {name} at {where?.ToString() ?? "null"}");
                ok &= (pid is null ? registered.Count == 0 : registered.Count == 1 && registered.Single().Pid.Equals(pid)) && Equals(where, pid);
            }

            last = string.Join("; ", seen);
            return ok;
        }, TimeSpan.FromSeconds(10), pid is null ? "every registry to be empty" : $"every member to see {name} at the winner {pid} only", () => last);
    }
}
