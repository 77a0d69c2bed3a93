using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Partitions;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Partitions;

/// <summary>
/// Members as separate processes in network namespaces, partitioned for real (issue 16, issue 10 item 2): the
/// behaviours docs/partitions.md describes. Workers are counted in the member processes (live PlacedWorkers), not only
/// as registry entries. A scenario still marked PendingFix is skipped unless SWORM_RUN_PENDING=1.
/// </summary>
public sealed class PartitionScenarioTests(ITestOutputHelper output)
{
    // Steps that time out are recorded and the scenario goes on, so one run shows every step's outcome (the split
    // AND the heal); the test fails at the end with all of them.
    private readonly List<string> _failures = [];

    /// <summary>
    /// How long after the resume or heal the cluster must be whole again, with one copy of every name (20 s;
    /// SWORM_RECONVERGE_SECONDS=60 observes longer, to show that today's runtime never re-forms).
    /// </summary>
    private static readonly TimeSpan Reconverge =
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("SWORM_RECONVERGE_SECONDS"), out var s) ? s : 20);

    [NetnsFact]
    public async Task A_frozen_member_that_resumes_rejoins_and_every_name_runs_exactly_once()
    {
        await using var lab = await NetworkLab.Create(3);
        await using var cluster = await LabCluster.Start(lab);
        const int names = 60;
        Assert.Equal($"REGISTEREDMANY {names} 0 0", await cluster[0].Ask($"registermany frozen {names}", "REGISTEREDMANY", TimeSpan.FromSeconds(60)));
        await UntilOneCluster(cluster, names, "the 60 names to settle", TimeSpan.FromSeconds(20));

        var frozen = cluster[2];
        var others = new[] { cluster[0], cluster[1] };
        var clock = Stopwatch.StartNew();
        frozen.Pause();
        await cluster.UntilEachSees(others, 2, "the others to remove the frozen member", TimeSpan.FromSeconds(30));
        output.WriteLine($"the others removed the frozen member after {clock.ElapsedMilliseconds} ms");
        await UntilAllAnswer(others, "frozen", names, "the others to run all 60 names", TimeSpan.FromSeconds(30));
        output.WriteLine($"the others ran all {names} names {clock.ElapsedMilliseconds} ms after the freeze");

        frozen.Resume();
        await Soft(async () =>
        {
            var took = await UntilOneCluster(cluster, names, "one membership view, one registry and exactly 60 live workers after the resume", Reconverge);
            output.WriteLine($"one cluster again {took.TotalMilliseconds:0} ms after the resume");
        });
        await Soft(() => UntilAllAnswer(cluster.Members, "frozen", names, "every member to reach all 60 names", TimeSpan.FromSeconds(10)));
        AssertNoFailures();
    }

    [NetnsFact]
    public async Task Two_members_split_each_registers_hi_and_after_the_heal_one_hi_remains()
    {
        await using var lab = await NetworkLab.Create(2);
        await using var cluster = await LabCluster.Start(lab);
        await lab.Split([lab[1]]);
        await cluster.UntilEachSees(cluster.Members, 1, "each side to see only itself", TimeSpan.FromSeconds(30));

        Assert.StartsWith("REGISTERED Started", await cluster[0].Ask("register hi hi", "REGISTERED"));
        Assert.StartsWith("REGISTERED Started", await cluster[1].Ask("register hi hi", "REGISTERED"));
        Assert.Equal(2, (await LabCluster.Views(cluster.Members)).Sum(v => v.LiveWorkers));

        await lab.HealSplit();
        await Soft(async () =>
        {
            var took = await UntilOneCluster(cluster, 1, "one 'hi' on every member after the heal", Reconverge);
            output.WriteLine($"one 'hi' everywhere {took.TotalMilliseconds:0} ms after the heal");
        });
        AssertNoFailures();
        var where = new List<string>();
        foreach (var member in cluster.Members)
        {
            where.Add(await member.Ask("whereis hi", "WHEREIS "));
        }

        Assert.Single(where.Distinct());
        Assert.Equal("UNREGISTERED True", await cluster[1].Ask("unregister hi", "UNREGISTERED"));
        await UntilOneCluster(cluster, 0, "the registry to be empty everywhere", TimeSpan.FromSeconds(10));
    }

    [NetnsFact]
    public async Task Four_members_split_two_and_two_each_side_runs_every_name_and_after_the_heal_every_name_is_unique()
    {
        await using var lab = await NetworkLab.Create(4);
        await using var cluster = await LabCluster.Start(lab);
        const int names = 1000;
        Assert.Equal($"REGISTEREDMANY {names} 0 0", await cluster[0].Ask($"registermany split {names}", "REGISTEREDMANY", TimeSpan.FromSeconds(120)));
        await UntilOneCluster(cluster, names, "the 1,000 names to settle", TimeSpan.FromSeconds(30));

        var left = new[] { cluster[0], cluster[1] };
        var right = new[] { cluster[2], cluster[3] };
        var clock = Stopwatch.StartNew();
        await lab.Split([lab[2], lab[3]]);
        await cluster.UntilEachSees(cluster.Members, 2, "each side to see only its two members", TimeSpan.FromSeconds(30));
        output.WriteLine($"each side saw only itself after {clock.ElapsedMilliseconds} ms");
        await Soft(() => UntilAllAnswer(left, "split", names, "the left side to run every name", TimeSpan.FromSeconds(30)));
        await Soft(() => UntilAllAnswer(right, "split", names, "the right side to run every name", TimeSpan.FromSeconds(30)));
        output.WriteLine($"split checks done {clock.ElapsedMilliseconds} ms after the split ({_failures.Count} failed)");

        await lab.HealSplit();
        await Soft(async () =>
        {
            var took = await UntilOneCluster(cluster, names, "every name unique and alive in every replica after the heal", Reconverge);
            output.WriteLine($"heal to one copy everywhere: {took.TotalMilliseconds:0} ms");
        });
        await Soft(() => UntilAllAnswer(cluster.Members, "split", names, "every member to reach every name", TimeSpan.FromSeconds(10)));
        AssertNoFailures();
    }

    /// <summary>
    /// The failure detector does not flap through a partition: a member behind a black hole (connects time out, its
    /// port never refuses) stays in every view until the heartbeat expiration (5 s), then goes once.
    /// </summary>
    [NetnsFact]
    public async Task A_member_behind_a_black_hole_is_removed_only_after_the_heartbeat_expiration()
    {
        await using var lab = await NetworkLab.Create(2);
        await using var cluster = await LabCluster.Start(lab);
        var expiration = new FailureDetectionOptions().HeartbeatExpiration;
        // Heard last up to one gossip interval (and one view query) before the cut.
        var earliest = expiration - TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();
        await lab.Split([lab[1]]);
        var early = "";
        var last = "";
        await Eventually.Until(async () =>
        {
            var views = await LabCluster.Views(cluster.Members);
            last = string.Join("; ", views);
            if (clock.Elapsed < earliest && views.Any(v => v.Answered && v.NodeCount != 2) && early == "")
            {
                early = $"after {clock.ElapsedMilliseconds} ms: {last}";
            }

            return views.All(v => v.Answered && v.NodeCount == 1);
        }, TimeSpan.FromSeconds(20), "each side to remove the other", () => last);
        output.WriteLine($"removed after {clock.ElapsedMilliseconds} ms (expiration {expiration.TotalMilliseconds:0} ms)");
        Assert.True(early == "", "a member was removed before the heartbeat expiration: " + early);
    }

    [NetnsFact]
    public async Task Quorum_three_of_five_split_three_and_two_the_minority_refuses_and_the_majority_runs_every_name()
    {
        await using var lab = await NetworkLab.Create(5);
        await using var cluster = await LabCluster.Start(lab, quorum: 3);
        const int names = 200;
        Assert.Equal($"REGISTEREDMANY {names} 0 0", await cluster[0].Ask($"registermany quorum {names}", "REGISTEREDMANY", TimeSpan.FromSeconds(60)));
        await UntilOneCluster(cluster, names, "the names to settle", TimeSpan.FromSeconds(30));

        var majority = new[] { cluster[0], cluster[1], cluster[2] };
        var minority = new[] { cluster[3], cluster[4] };
        await lab.Split([lab[3], lab[4]]);
        await cluster.UntilEachSees(majority, 3, "the majority to see its three members", TimeSpan.FromSeconds(30));
        await cluster.UntilEachSees(minority, 2, "the minority to see its two members", TimeSpan.FromSeconds(30));
        foreach (var member in minority)
        {
            // Answered UNAVAILABLE (a REGISTERED answer would leave this Ask waiting and fail it).
            var refused = await member.Ask("register quorum-new x", "UNAVAILABLE");
            Assert.True(refused.StartsWith("UNAVAILABLE", StringComparison.Ordinal) && refused.Contains("quorum", StringComparison.Ordinal), refused);
        }

        await Soft(() => UntilAllAnswer(majority, "quorum", names, "the majority to run every name", TimeSpan.FromSeconds(30)));
        await Soft(async () => await Eventually.Until(async () =>
                (await LabCluster.Views(minority)).Sum(v => v.LiveWorkers) == 0, TimeSpan.FromSeconds(10), "the minority to stop its workers"));
        Assert.StartsWith("REGISTERED Started", await cluster[0].Ask("register quorum-new x", "REGISTERED"));

        await lab.HealSplit();
        await Soft(async () =>
        {
            var took = await UntilOneCluster(cluster, names + 1, "one cluster of 5, every name once, after the heal", Reconverge);
            output.WriteLine($"heal to one copy everywhere: {took.TotalMilliseconds:0} ms");
        });
        AssertNoFailures();
    }

    /// <summary>
    /// A flapping link: member 3 is cut off long enough to be removed (5.5 s), then the link comes back for 0.5 s,
    /// shorter than the 2 s a merge waits for, SWORM_FLAP_CYCLES times (default 4; 10 is the issue's 60 s run). At the
    /// end the link stays up: no name lost, none twice.
    /// </summary>
    [NetnsFact]
    public async Task A_flapping_link_loses_no_name_and_leaves_no_duplicate()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("SWORM_FLAP_CYCLES"), out var c) ? c : 4;
        await using var lab = await NetworkLab.Create(3);
        await using var cluster = await LabCluster.Start(lab);
        const int names = 100;
        Assert.Equal($"REGISTEREDMANY {names} 0 0", await cluster[0].Ask($"registermany flap {names}", "REGISTEREDMANY", TimeSpan.FromSeconds(60)));
        await UntilOneCluster(cluster, names, "the names to settle", TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cycles; i++)
        {
            await lab.Split([lab[2]]);
            await Eventually.Holds(() => true, TimeSpan.FromMilliseconds(5500), "the link is cut");
            await lab.HealSplit();
            await Eventually.Holds(() => true, TimeSpan.FromMilliseconds(500), "the link is back, briefly");
        }

        output.WriteLine($"{cycles} cut/heal cycles in {clock.ElapsedMilliseconds} ms");
        await Soft(async () =>
        {
            var took = await UntilOneCluster(cluster, names, "one cluster, every name once, after the last heal", Reconverge);
            output.WriteLine($"last heal to one copy everywhere: {took.TotalMilliseconds:0} ms");
        });
        await Soft(() => UntilAllAnswer(cluster.Members, "flap", names, "every member to reach every name", TimeSpan.FromSeconds(10)));
        AssertNoFailures();
    }

    /// <summary>
    /// After a heal, one Proto message from the cut-off member's old incarnation to a member that removed it (here a
    /// request to an actor that does not exist, standing for any stale pid the application kept). Proto 1.8's connect
    /// handshake imports the sender's block list, which lists the receiver, so the receiver may find itself blocked:
    /// it then rejoins under a new identity like any member the cluster removed (docs/partitions.md). What must hold,
    /// without an operator: one cluster of 3 again, and every name registered before the split answers on every member.
    /// </summary>
    [NetnsFact]
    public async Task A_message_from_a_healed_minority_member_leaves_the_cluster_whole_and_every_name_serving()
    {
        await using var lab = await NetworkLab.Create(3);
        await using var cluster = await LabCluster.Start(lab);
        const int names = 30;
        Assert.Equal($"REGISTEREDMANY {names} 0 0", await cluster[0].Ask($"registermany poke {names}", "REGISTEREDMANY", TimeSpan.FromSeconds(60)));
        await UntilOneCluster(cluster, names, "the 30 names to settle", TimeSpan.FromSeconds(20));
        await lab.Split([lab[1]]);
        await cluster.UntilEachSees([cluster[1]], 1, "the cut-off member to see only itself", TimeSpan.FromSeconds(30));
        await cluster.UntilEachSees([cluster[0], cluster[2]], 2, "the majority to see its two members", TimeSpan.FromSeconds(30));
        await lab.HealSplit();
        // Proto refuses an address for 3 s after its member left; the message must go out after that window.
        await Eventually.Holds(() => true, TimeSpan.FromSeconds(4), "a quiet healed link");
        output.WriteLine("the cut-off member sends one message to the seed: " + await cluster[1].Ask($"poke {lab[0].Address}:{LabCluster.Port}", "POKED"));

        var clock = Stopwatch.StartNew();
        await Soft(async () =>
        {
            var took = await UntilOneCluster(cluster, names, "one membership view, one registry and exactly 30 live workers after the heal", Reconverge);
            output.WriteLine($"one cluster again {took.TotalMilliseconds:0} ms after the message");
        });
        await Soft(() => UntilAllAnswer(cluster.Members, "poke", names, "every member to reach all 30 names", TimeSpan.FromSeconds(10)));
        foreach (var member in new[] { cluster[0], cluster[2] })
        {
            // Informative: whether the member's first actor system survived the message or the member rejoined.
            output.WriteLine($"majority member {member.Address}: first incarnation alive: {await member.Ask("alive", "ALIVE ")}");
        }

        AssertNoFailures();
    }

    private async Task Soft(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (TimeoutException e)
        {
            _failures.Add(e.Message);
        }
    }

    private void AssertNoFailures() => Assert.True(_failures.Count == 0, string.Join(Environment.NewLine, _failures));

    /// <summary>
    /// Waits until every member answers, all see all of them, all hold the same registry of <paramref name="names"/>
    /// entries, and exactly <paramref name="names"/> workers are alive across the processes.
    /// </summary>
    private async Task<TimeSpan> UntilOneCluster(LabCluster cluster, int names, string whatWeWaitFor, TimeSpan timeout)
    {
        var last = "";
        try
        {
            return await Eventually.Until(async () =>
            {
                var views = await LabCluster.Views(cluster.Members);
                last = string.Join("; ", views);
                return views.All(v => v.Answered && v.NodeCount == cluster.Members.Count && v.Entries == names)
                       && views.Select(v => v.RegistryHash).Distinct().Count() == 1
                       && views.Sum(v => v.LiveWorkers) == names;
            }, timeout, whatWeWaitFor, () => last);
        }
        finally
        {
            output.WriteLine($"[{whatWeWaitFor}] last seen: {last}");
        }
    }

    /// <summary>Waits until each of <paramref name="members"/> resolves every name and every worker answers.</summary>
    private async Task UntilAllAnswer(IReadOnlyCollection<MemberProcess> members, string prefix, int names, string whatWeWaitFor, TimeSpan timeout)
    {
        var last = "";
        try
        {
            await Eventually.Until(async () =>
            {
                var seen = new List<string>();
                var all = true;
                foreach (var member in members)
                {
                    var (found, answered) = await LabCluster.Resolve(member, prefix, names);
                    seen.Add($"{member.Address}: {found} found, {answered} answered");
                    all &= answered == names;
                }

                last = string.Join("; ", seen);
                return all;
            }, timeout, whatWeWaitFor, () => last);
        }
        finally
        {
            output.WriteLine($"[{whatWeWaitFor}] last seen: {last}");
        }
    }
}
