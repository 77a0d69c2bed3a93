using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Hosting;
using Sworm.Registry;
using Sworm.Supervision;
using Sworm.Supervision.Placement;
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
        var (name, home, homePid, duplicate, dupPid) = await MakeConflict(cluster.Members, "reply", duplicateLoses);
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
        await UntilEveryMemberSees(cluster.Members, name, winnerPid);
        await Eventually.Holds(() => ConflictCounters.Live - live == 1, TimeSpan.FromSeconds(2), "exactly one worker of the name lives");

        // Unregistering through the winner's delegate (the identity activation when the duplicate lost) empties every registry.
        if (duplicateLoses)
        {
            Assert.True(await cluster[0].Sworm<HandoffProcesses>().UnregisterName(name));
        }
        else
        {
            var reply = await AskDuplicateHost(duplicate, name, new UnregisterRequest());
            Assert.Equal(DelegateOutcome.Removed, reply.Outcome);
        }

        await UntilEveryMemberSees(cluster.Members, name, null);
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
        var (name, home, homePid, _, _) = await MakeConflict(cluster.Members, mode, duplicateLoses: true);

        await Eventually.Until(() => ConflictCounters.Live - live == 1, Resolution, "the loser to stop");
        await UntilEveryMemberSees(cluster.Members, name, homePid);
        var conflicts = await home.System.Root.RequestAsync<ConflictsAre>(homePid, new GetConflicts(), TimeSpan.FromSeconds(5));
        Assert.Empty(conflicts.Resolved);
        Assert.Equal(HomeStart, conflicts.Value);
        Assert.True(await cluster[0].Sworm<HandoffProcesses>().UnregisterName(name));
        await UntilEveryMemberSees(cluster.Members, name, null);
    }

    /// <summary>
    /// The winner cannot acknowledge (busy in a handler past the request timeout): the loser still stops, and logs that
    /// the state did not reach the winner, with the name. The state is still handled once the winner gets to it.
    /// </summary>
    [Fact]
    public async Task A_winner_that_does_not_acknowledge_in_time_does_not_keep_the_loser_running()
    {
        var clusterName = "conflict-" + Guid.NewGuid().ToString("N")[..8];
        var logs = new List<CapturedLog>();
        var members = new List<TestMember>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var log = new CapturedLog();
                logs.Add(log);
                var seed = members.Count > 0 ? members[0].Address : null;
                members.Add(await TestMember.Start(
                    s => s.AddSworm<HandoffProcesses>(),
                    cluster =>
                    {
                        if (seed is not null)
                        {
                            cluster.UseSeedNodes(seed);
                        }
                    },
                    services => services.AddLogging(b => b.AddProvider(log)),
                    clusterName: clusterName));
            }

            await Eventually.Until(async () => (await members[1].Sworm<HandoffProcesses>().Nodes()).Count == 2, "the two members to see each other");
            var live = ConflictCounters.Live;
            var (name, home, homePid, duplicate, _) = await MakeConflict(members, "reply", duplicateLoses: true,
                beforeDuplicate: (member, winner) => member.System.Root.Send(winner, new HoldUntil(gate.Task)));

            await Eventually.Until(() => ConflictCounters.Live - live == 1, Resolution, "the loser to stop although the winner never acknowledged");
            var duplicateLog = logs[members.IndexOf(duplicate)];
            Assert.Contains(duplicateLog.Lines, l => l.EventId.Id == 6041 && l.Message.Contains(name, StringComparison.Ordinal));
            output.WriteLine(duplicateLog.Lines.First(l => l.EventId.Id == 6041).ToString());

            gate.SetResult();
            var conflicts = await Eventually.Value(
                () => home.System.Root.RequestAsync<ConflictsAre>(homePid, new GetConflicts(), TimeSpan.FromSeconds(5)),
                c => c.Resolved.Length > 0, "the winner to handle the late state");
            Assert.Equal([DuplicateStart], conflicts.Resolved);
            await UntilEveryMemberSees(members, name, homePid);
        }
        finally
        {
            gate.TrySetResult();
            foreach (var member in Enumerable.Reverse(members))
            {
                await member.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Registers a counter (start <see cref="HomeStart"/>) the normal way, then starts a duplicate of its name (start
    /// <see cref="DuplicateStart"/>, answering BeginHandoff by <paramref name="duplicateMode"/>) under a second delegate on
    /// the other member. Names are tried until the conflict rule lets the duplicate lose (or win) as asked.
    /// </summary>
    private static Task<DelegateReply> AskDuplicateHost(TestMember duplicate, string name, object message)
    {
        var host = duplicate.Services.GetRequiredService<SwormMember>().RuntimeOf("HandoffProcesses").Hosts.Local!;
        return duplicate.System.Root.RequestAsync<DelegateReply>(
            host, NameRequest.For(name, message) with { Hops = NameHosts.MaxHops }, TimeSpan.FromSeconds(5));
    }

    private static async Task<(string Name, TestMember Home, PID HomePid, TestMember Duplicate, PID DupPid)> MakeConflict(
        IReadOnlyList<TestMember> members, string duplicateMode, bool duplicateLoses, Action<TestMember, PID>? beforeDuplicate = null)
    {
        var processes = members[0].Sworm<HandoffProcesses>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var name = "conflict-" + Guid.NewGuid().ToString("N")[..10];
            var registered = await processes.RegisterName(name, ConflictCounter.Spec("reply", HomeStart));
            var home = members.Single(m => m.Address == registered.Pid.Address);
            var duplicate = members.Single(m => m != home);
            var winner = ConflictRule.Winner(name, [home.System.Id, duplicate.System.Id]);
            if ((winner == home.System.Id) != duplicateLoses)
            {
                Assert.True(await processes.UnregisterName(name));
                continue;
            }

            beforeDuplicate?.Invoke(home, registered.Pid);

            // What two owners do while their views disagree: a second delegate of the name, on the other member's name
            // host (a request passed on as often as allowed starts where it is).
            var reply = await AskDuplicateHost(duplicate, name, new RegisterSupervised(ConflictCounter.Spec(duplicateMode, DuplicateStart)));
            Assert.Equal(DelegateOutcome.Started, reply.Outcome);
            return (name, home, registered.Pid, duplicate, reply.Pid!);
        }

        throw new InvalidOperationException("no name in 50 gave the wanted winner");
    }

    /// <summary>Every member's registry holds <paramref name="name"/> at <paramref name="pid"/> (null: not at all), and nothing else.</summary>
    private static Task UntilEveryMemberSees(IReadOnlyList<TestMember> members, string name, PID? pid)
    {
        var last = "";
        return Eventually.Until(async () =>
        {
            var seen = new List<string>();
            var ok = true;
            foreach (var member in members)
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
