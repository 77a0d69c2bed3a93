using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;
using static Sworm.Cluster.Tests.Handoff.HandoffKit;

namespace Sworm.Cluster.Tests.Handoff;

/// <summary>
/// Issue 12's scenarios 2, 3, 4, 7 and 8 with the leaving members as separate OS processes stopped by SIGTERM (their
/// in-process versions, with finer counters, are in <see cref="HandoffTests"/>). The test process is a member too: it
/// registers, sends and checks, and it is where the leavers' workers arrive.
/// </summary>
public sealed class HandoffProcessScenarioTests(ITestOutputHelper output)
{
    /// <summary>How many counters the leaving process runs in scenario 2 (the issue's 10,000 behind SWORM_HANDOFF_COUNTERS).</summary>
    private static readonly int Counters = int.TryParse(Environment.GetEnvironmentVariable("SWORM_HANDOFF_COUNTERS"), out var n) ? n : 2_000;

    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Scenario 2: every counter of a member process stopped with SIGTERM answers on the survivor once, with its value.</summary>
    [Fact]
    public async Task Every_counter_of_a_member_process_stopped_with_SIGTERM_answers_on_the_survivor_with_its_value()
    {
        await using var cluster = await TestCluster.Start(1, sworms => sworms.AddSworm<HandoffProcesses>());
        var client = Client(cluster[0], "HandoffProcesses");
        await using var leaving = await MemberProcess.Start(cluster.Name, cluster[0].Address);
        await Joined(cluster, 2);
        var counters = await CountersOn(client, leaving.Address, Counters, "reply");

        await WithOutputOnFailure([leaving], async () =>
        {
            var clock = Stopwatch.StartNew();
            leaving.Terminate();
            await AllAnswerElsewhere(client, counters, leaving.Address, (c, count) => count.Value == c.Start && count.Restored,
                "every counter to answer on the survivor with its handed-off value", TimeSpan.FromSeconds(60));
            var serving = clock.ElapsedMilliseconds;
            await leaving.WaitForExit(ExitTimeout);
            output.WriteLine($"SIGTERM of a member process with {counters.Length} handoff workers → all answering on the survivor: {serving} ms; " +
                             $"process exited after {clock.ElapsedMilliseconds} ms");
        });

        Assert.Equal(0, await StoredStates(cluster[0], "HandoffProcesses"));
        Assert.Equal(counters.Length, (await cluster[0].Sworm<HandoffProcesses>().Registered()).Count);
    }

    /// <summary>
    /// Scenario 3: a sender pumps numbered Sends and Requests at a name while its member process leaves (SIGTERM): the
    /// successor holds every number exactly once, in order, no Request fails, WhereIsName never returns null meanwhile.
    /// </summary>
    [Fact]
    public async Task Numbered_messages_sent_while_a_member_process_leaves_arrive_once_and_in_order()
    {
        await using var cluster = await TestCluster.Start(2, sworms => sworms.AddSworm<HandoffProcesses>());
        var sender = cluster[0].Sworm<HandoffProcesses>();
        await using var leaving = await MemberProcess.Start(cluster.Name, cluster[0].Address);
        await Joined(cluster, 3);
        var name = (await CountersOn(Client(cluster[0], "HandoffProcesses"), leaving.Address, 1, "reply")).Single().Name;
        // Replication is asynchronous: the check starts once every member has seen the registration.
        await Eventually.Until(async () => (await Task.WhenAll(cluster.Members.Select(m => m.Sworm<HandoffProcesses>().WhereIsName(name)))).All(pid => pid is not null),
            "every member to see the name", TimeSpan.FromSeconds(10));

        var sinceTerm = new Stopwatch();
        Task? exited = null;
        using var watching = new CancellationTokenSource();
        var nullsSeen = WatchForNulls(cluster.Members, name, () => $"{sinceTerm.ElapsedMilliseconds} ms after the SIGTERM (exited: {exited?.IsCompleted})", watching.Token);
        var number = 0;
        var crossing = new List<double>();
        await WithOutputOnFailure([leaving], async () =>
        {
            var (last, requests) = await PumpThroughLeave(sender, name, () =>
            {
                sinceTerm.Start();
                leaving.Terminate();
                return exited = leaving.WaitForExit(ExitTimeout);
            });
            number = last;
            crossing.AddRange(requests.Where(r => r.DuringLeave).Select(r => r.Ms));
        });

        watching.Cancel();
        var nulls = await nullsSeen;
        var final = await sender.Request<CountIs>(name, new GetCount());
        Assert.NotEqual(leaving.Address, final.Address);
        Assert.True(final.Restored, "the successor did not receive EndHandoff");
        Assert.Equal(Enumerable.Range(1, number), final.Numbers);
        Assert.True(nulls.Length == 0, $"WhereIsName returned null {nulls.Length} times, e.g. {string.Join("; ", nulls.Take(5))}");
        crossing.Sort();
        output.WriteLine($"{number} numbers sent; {crossing.Count} Requests were made while the process left, " +
                         $"median {(crossing.Count > 0 ? crossing[crossing.Count / 2] : 0):0.0} ms, max {(crossing.Count > 0 ? crossing[^1] : 0):0.0} ms");
    }

    /// <summary>
    /// Scenario 4: a worker that answers Ignore() and one that never answers start clean on the survivor; a replying one
    /// keeps its value; the process is gone within HandoffTimeoutMs plus a small bound.
    /// </summary>
    [Fact]
    public async Task Ignoring_and_silent_workers_of_a_member_process_start_clean_and_the_process_exits_in_time()
    {
        await using var cluster = await TestCluster.Start(1, sworms => sworms.AddSworm<HandoffProcesses>());
        var client = Client(cluster[0], "HandoffProcesses");
        var processes = cluster[0].Sworm<HandoffProcesses>();
        await using var leaving = await MemberProcess.Start(cluster.Name, cluster[0].Address);
        await Joined(cluster, 2);
        var placed = new Dictionary<string, Placed>();
        foreach (var mode in new[] { "reply", "ignore", "silent" })
        {
            placed[mode] = (await CountersOn(client, leaving.Address, 1, mode)).Single();
            for (var i = 0; i < 3; i++)
            {
                Assert.True(await processes.Send(placed[mode].Name, new Increment()));
            }

            Assert.Equal(placed[mode].Start + 3, (await processes.Request<CountIs>(placed[mode].Name, new GetCount())).Value);
        }

        await WithOutputOnFailure([leaving], async () =>
        {
            var clock = Stopwatch.StartNew();
            leaving.Terminate();
            await leaving.WaitForExit(ExitTimeout);
            var exited = clock.ElapsedMilliseconds;
            output.WriteLine($"SIGTERM → exit of a member process with a silent worker (HandoffTimeoutMs = {HandoffProcesses.DeclaredHandoffTimeoutMs}): {exited} ms");
            Assert.True(exited < HandoffProcesses.DeclaredHandoffTimeoutMs + 5000, $"the process took {exited} ms to exit");
            await AllAnswerElsewhere(client, [placed["reply"]], leaving.Address, (c, count) => count.Value == c.Start + 3 && count.Restored,
                "the replying counter to keep its value");
            await AllAnswerElsewhere(client, [placed["ignore"], placed["silent"]], leaving.Address, (c, count) => count.Value == c.Start && !count.Restored,
                "the ignoring and the silent counters to start clean");
        });
    }

    /// <summary>Scenario 8: two of three member processes stopped with SIGTERM at the same moment: every counter ends on the member that stays, with its value.</summary>
    [Fact]
    public async Task Two_member_processes_stopped_at_once_hand_every_counter_to_the_member_that_stays()
    {
        await using var cluster = await TestCluster.Start(1, sworms => sworms.AddSworm<HandoffProcesses>());
        var stays = cluster[0];
        var client = Client(stays, "HandoffProcesses");
        await using var first = await MemberProcess.Start(cluster.Name, stays.Address);
        await using var second = await MemberProcess.Start(cluster.Name, stays.Address);
        await Joined(cluster, 3);
        var counters = (await CountersOn(client, first.Address, 200, "reply", first: 10_000))
            .Concat(await CountersOn(client, second.Address, 200, "reply", first: 20_000)).ToArray();

        await WithOutputOnFailure([first, second], async () =>
        {
            var clock = Stopwatch.StartNew();
            first.Terminate();
            second.Terminate();
            await AllAnswerElsewhere(client, counters, first.Address, (c, count) => count.Address == stays.Address && count.Value == c.Start && count.Restored,
                "every counter to run on the member that stays with its value", TimeSpan.FromSeconds(60));
            output.WriteLine($"two member processes with {counters.Length} handoff workers stopped together → all answering on the one that stays: {clock.ElapsedMilliseconds} ms");
            await Task.WhenAll(first.WaitForExit(ExitTimeout), second.WaitForExit(ExitTimeout));
        });

        Assert.Equal(0, await StoredStates(stays, "HandoffProcesses"));
    }

    /// <summary>
    /// Scenario 7 with a member process: with Handoff off (PlainProcesses' attribute), the successor of a SIGTERM'd
    /// member's counter starts clean; turned on from configuration alone (an environment variable for the process, the
    /// configuration section for the member in this process), the counter keeps its 4 increments.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handoff_off_restarts_a_member_process_counter_clean_and_configuration_alone_turns_it_on(bool fromConfiguration)
    {
        await using var cluster = await TestCluster.Start(1, sworms =>
        {
            if (fromConfiguration)
            {
                sworms.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Sworm:Sworms:PlainProcesses:Handoff"] = "true" }).Build());
            }

            sworms.AddSworm<PlainProcesses>();
        });
        var processes = cluster[0].Sworm<PlainProcesses>();
        var environment = fromConfiguration ? new Dictionary<string, string> { ["Sworm__Sworms__PlainProcesses__Handoff"] = "true" } : [];
        await using var leaving = await MemberProcess.Start(cluster.Name, cluster[0].Address, environment);
        await Eventually.Until(async () => (await processes.Nodes()).Count == 2, "2 members to run the sworm", TimeSpan.FromSeconds(20));
        var counter = (await CountersOn(Client(cluster[0], "PlainProcesses"), leaving.Address, 1, "reply")).Single();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await processes.Send(counter.Name, new Increment()));
        }

        Assert.Equal(counter.Start + 4, (await processes.Request<CountIs>(counter.Name, new GetCount())).Value);
        await WithOutputOnFailure([leaving], async () =>
        {
            leaving.Terminate();
            var expected = fromConfiguration ? counter.Start + 4 : counter.Start;
            await AllAnswerElsewhere(Client(cluster[0], "PlainProcesses"), [counter], leaving.Address,
                (_, count) => count.Value == expected && count.Restored == fromConfiguration,
                fromConfiguration ? "the counter to keep 4 with Handoff on from configuration" : "the counter to start clean without handoff");
            await leaving.WaitForExit(ExitTimeout);
        });
    }

    private static Task Joined(TestCluster cluster, int members) =>
        Eventually.Until(async () => (await cluster[0].Sworm<HandoffProcesses>().Nodes()).Count == members,
            $"{members} members to run the sworm", TimeSpan.FromSeconds(20));

    /// <summary>Runs <paramref name="body"/>; when it fails, the member processes' logs go to the test output (run with SWORM_TEST_LOG=Information for more).</summary>
    private async Task WithOutputOnFailure(MemberProcess[] processes, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            foreach (var process in processes)
            {
                output.WriteLine($"--- member process {process.Address} ---{Environment.NewLine}{process.Output}");
            }

            throw;
        }
    }
}
