using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;
using static Sworm.Cluster.Tests.Handoff.HandoffKit;

namespace Sworm.Cluster.Tests.Handoff;

/// <summary>Handoff across OS processes: a member process stopped with SIGTERM hands its counter to a survivor.</summary>
public sealed class HandoffProcessTests(ITestOutputHelper output)
{
    /// <summary>
    /// Scenario 1, the seed's test: a counter incremented to 4 from another member, its member stopped with SIGTERM, the
    /// successor answers 4; three rounds in a row, a fresh member process joining between rounds.
    /// </summary>
    [Fact]
    public async Task A_counter_on_a_member_stopped_with_SIGTERM_answers_4_from_its_successor_three_rounds_in_a_row()
    {
        await using var cluster = await TestCluster.Start(1, sworms => sworms.AddSworm<HandoffProcesses>());
        var driver = cluster[0];
        var processes = driver.Sworm<HandoffProcesses>();
        var members = new List<MemberProcess>();
        try
        {
            members.Add(await Join(cluster, members));
            members.Add(await Join(cluster, members));
            for (var round = 1; round <= 3; round++)
            {
                var victim = members[^1];
                var counter = await CounterOnProcess(cluster, victim);
                for (var i = 0; i < 4; i++)
                {
                    Assert.True(await processes.Send(counter, new Increment()));
                }

                Assert.Equal(4, (await processes.Request<CountIs>(counter, new GetCount())).Value);

                var clock = Stopwatch.StartNew();
                victim.Terminate();
                // The first answer from a survivor is the successor serving (a request sent during the move is held, not lost).
                CountIs answer;
                long serving;
                try
                {
                    answer = await Eventually.Value(() => processes.Request<CountIs>(counter, new GetCount(), TimeSpan.FromSeconds(5)),
                        count => count.Address != victim.Address, $"round {round}: the counter to answer from a survivor", TimeSpan.FromSeconds(20));
                    serving = clock.ElapsedMilliseconds;
                    Assert.Equal(4, answer.Value);
                    Assert.True(answer.Restored, "the successor did not receive EndHandoff");
                }
                catch
                {
                    // The member processes' logs (run with SWORM_TEST_LOG=Information for more).
                    foreach (var member in members)
                    {
                        output.WriteLine($"--- member process {member.Address} ---{Environment.NewLine}{member.Output}");
                    }

                    throw;
                }

                await victim.WaitForExit(TimeSpan.FromSeconds(20));
                output.WriteLine($"round {round}: SIGTERM → successor on {answer.Address} answering 4: {serving} ms; process exited after {clock.ElapsedMilliseconds} ms");
                members.Remove(victim);
                await victim.DisposeAsync();

                members.Add(await Join(cluster, members));
            }
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Scenario 5: a rolling restart of the three member processes, one at a time, each replaced by a fresh process
    /// (SIGTERM, wait until it is gone, start a new one): all 1,000 counters keep their values. The SIGTERM follows the
    /// replacement's join at once, so a leaver often learns of the new member mid-leave (the new member then does not
    /// know the leaver is leaving and may place successors on it: the leave step announces again and moves them on).
    /// </summary>
    [Fact]
    public async Task A_rolling_restart_of_every_member_process_keeps_every_counter_value()
    {
        await using var cluster = await TestCluster.Start(1, sworms => sworms.AddSworm<HandoffProcesses>());
        var client = Client(cluster[0], "HandoffProcesses");
        var members = new List<MemberProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                members.Add(await Join(cluster, members));
            }

            var counters = Enumerable.Range(0, 1000).Select(i => new Placed(Unique("rolling"), 5000 + i)).ToArray();
            await Parallel.ForEachAsync(counters, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (counter, _) =>
                Assert.Equal(RegisterStatus.Started, (await client.RegisterName(counter.Name, Counter.Spec("reply", counter.Start))).Status));
            await Parallel.ForEachAsync(counters, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (counter, _) =>
                Assert.True(await client.Send(counter.Name, new Increment())));

            var clock = Stopwatch.StartNew();
            foreach (var old in members.ToArray())
            {
                var left = old.Address;
                old.Terminate();
                await old.WaitForExit(TimeSpan.FromSeconds(20));
                members.Remove(old);
                await old.DisposeAsync();
                try
                {
                    await AllAnswerElsewhere(client, counters, left, (c, count) => count.Value == c.Start + 1,
                        $"every counter to keep its value after {left} left", TimeSpan.FromSeconds(60));
                }
                catch
                {
                    // The leaver's and the others' logs (more with SWORM_TEST_LOG=Information).
                    output.WriteLine($"--- leaving member process {left} ---{Environment.NewLine}{old.Output}");
                    foreach (var member in members)
                    {
                        output.WriteLine($"--- member process {member.Address} ---{Environment.NewLine}{member.Output}");
                    }

                    throw;
                }
                members.Add(await Join(cluster, members));
            }

            output.WriteLine($"rolling restart of 3 member processes with 1,000 counters: {clock.ElapsedMilliseconds} ms, every value kept");
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    private static async Task<MemberProcess> Join(TestCluster cluster, List<MemberProcess> running)
    {
        var member = await MemberProcess.Start(cluster.Name, cluster[0].Address);
        try
        {
            await Eventually.Until(async () => (await cluster[0].Sworm<HandoffProcesses>().Nodes()).Count == running.Count + 2,
                "the member process to join", TimeSpan.FromSeconds(20));
            return member;
        }
        catch
        {
            await member.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh counter (start 0) whose worker runs in <paramref name="member"/>.</summary>
    private static async Task<string> CounterOnProcess(TestCluster cluster, MemberProcess member)
    {
        var client = Client(cluster[0], "HandoffProcesses");
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var name = Unique("seed");
            var result = await client.RegisterName(name, Counter.Spec("reply", 0));
            if (result.Pid.Address == member.Address)
            {
                return name;
            }

            await client.UnregisterName(name);
        }

        throw new InvalidOperationException($"no counter landed on {member.Address} in 200 registrations");
    }
}
