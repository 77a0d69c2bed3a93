using Sworm.Testing;
using System.Diagnostics;
using Sworm.Cluster.Tests.Infrastructure;
using Sworm.Membership;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests;

/// <summary>Sworm's embedded seed-node membership, with real Proto members on loopback.</summary>
public sealed class SeedNodeMembershipTests : IDisposable
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;
    private readonly IDisposable _logging;

    public SeedNodeMembershipTests(ITestOutputHelper output)
    {
        _output = output;
        _logging = TestOutputLogging.Attach(output);
    }

    public void Dispose() => _logging.Dispose();

    [Fact]
    public async Task A_member_with_no_seeds_forms_a_one_member_cluster()
    {
        await using var cluster = new ProtoCluster();
        var started = Stopwatch.GetTimestamp();
        var member = await cluster.StartAsync();
        _output.WriteLine($"start of a lone member took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        Assert.Equal([member.Id], member.MemberIds);
        Assert.NotNull(member.LastTopology);
        Assert.Single(member.LastTopology.Members);
    }

    [Fact]
    public async Task Three_members_joining_through_one_seed_all_see_the_same_three_members_and_topology_hash()
    {
        await using var cluster = new ProtoCluster();
        var seed = await cluster.StartAsync();
        var started = Stopwatch.GetTimestamp();
        var joiners = await Task.WhenAll(cluster.StartAsync(seed.Address), cluster.StartAsync(seed.Address));
        _output.WriteLine($"two concurrent joins took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        var all = new[] { seed, joiners[0], joiners[1] };
        var ids = all.Select(m => m.Id).ToArray();

        var converged = await Eventually.Until(
            () => all.All(m => m.SeesExactly(ids)) && all.Select(m => m.LastTopology?.TopologyHash).Distinct().Count() == 1,
            ConvergeTimeout, "all three members to see the same three members and topology hash", cluster.Describe);
        _output.WriteLine($"converged {converged.TotalMilliseconds:0} ms after the joins returned " +
                          $"({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms after they began)");
    }

    [Fact]
    public async Task A_late_joiner_sees_all_existing_members_as_soon_as_its_start_returns()
    {
        await using var cluster = new ProtoCluster();
        var seed = await cluster.StartAsync();
        var others = await Task.WhenAll(cluster.StartAsync(seed.Address), cluster.StartAsync(seed.Address));
        var existing = new[] { seed, others[0], others[1] };
        await Eventually.Until(() => existing.All(m => m.SeesExactly(existing.Select(e => e.Id))),
            ConvergeTimeout, "the first three members to converge", cluster.Describe);

        // Join through a member that is not the original seed: any member can serve as one.
        var started = Stopwatch.GetTimestamp();
        var late = await cluster.StartAsync(others[1].Address);
        var joinTime = Stopwatch.GetElapsedTime(started);
        var everyone = existing.Append(late).Select(m => m.Id).ToArray();

        // No waiting: the join must have handed over the whole cluster.
        Assert.True(late.SeesExactly(everyone), "The late joiner's member list right after its start: " + late);
        _output.WriteLine($"late join took {joinTime.TotalMilliseconds:0} ms");

        var converged = await Eventually.Until(() => existing.All(m => m.SeesExactly(everyone)),
            ConvergeTimeout, "the existing members to see the late joiner", cluster.Describe);
        _output.WriteLine($"every member saw the late joiner {converged.TotalMilliseconds:0} ms after its start returned");
    }

    [Fact]
    public async Task Joining_a_seed_where_nothing_listens_fails_loudly_within_the_join_timeout()
    {
        await using var cluster = new ProtoCluster();
        var deadSeed = "127.0.0.1:" + FreePort.Next();
        var options = ProtoCluster.Options(deadSeed) with { JoinTimeout = TimeSpan.FromSeconds(1.5) };

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<SwormUnavailableException>(() => cluster.StartAsync(options));
        var elapsed = Stopwatch.GetElapsedTime(started);
        _output.WriteLine($"failed after {elapsed.TotalMilliseconds:0} ms: {error.Message}");

        Assert.Contains(deadSeed, error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        // Join timeout plus Proto's own start and the cleanup of the half-started member.
        Assert.True(elapsed < options.JoinTimeout + TimeSpan.FromSeconds(3), $"Start took {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task After_a_graceful_shutdown_the_other_members_drop_the_leaver_within_a_second()
    {
        await using var cluster = new ProtoCluster();
        var seed = await cluster.StartAsync();
        var others = await Task.WhenAll(cluster.StartAsync(seed.Address), cluster.StartAsync(seed.Address));
        var all = new[] { seed, others[0], others[1] };
        await Eventually.Until(() => all.All(m => m.SeesExactly(all.Select(e => e.Id))),
            ConvergeTimeout, "three members to converge", cluster.Describe);

        var leaver = others[1];
        var survivors = new[] { seed, others[0] };
        var started = Stopwatch.GetTimestamp();
        var shutdown = leaver.ShutdownAsync(graceful: true);
        var dropped = await Eventually.Until(() => survivors.All(m => !m.MemberIds.Contains(leaver.Id)),
            TimeSpan.FromSeconds(5), "the survivors to drop the member that left", cluster.Describe);
        await shutdown;
        _output.WriteLine($"survivors dropped the leaver {dropped.TotalMilliseconds:0} ms after its ShutdownAsync began; " +
                          $"the shutdown itself took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        Assert.True(dropped < TimeSpan.FromSeconds(1), $"Dropping a gracefully leaving member took {dropped.TotalMilliseconds:0} ms");
        Assert.All(survivors, m => Assert.True(m.SeesExactly(survivors.Select(s => s.Id)), m.ToString()));
    }

    [Fact]
    public async Task Four_members_started_at_the_same_time_converge_every_time()
    {
        const int rounds = 10;
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await using var cluster = new ProtoCluster();
            var seedPort = FreePort.Next();
            var seed = "127.0.0.1:" + seedPort;
            var started = Stopwatch.GetTimestamp();
            // The seed lists only itself (it founds the cluster); the others may reach it before it listens.
            var members = await Task.WhenAll(
                cluster.StartAsync(ProtoCluster.Options(seed), seedPort),
                cluster.StartAsync(seed),
                cluster.StartAsync(seed),
                cluster.StartAsync(seed));
            var ids = members.Select(m => m.Id).ToArray();
            await Eventually.Until(() => members.All(m => m.SeesExactly(ids)),
                ConvergeTimeout, $"four simultaneously started members to converge (round {round + 1})", cluster.Describe);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        _output.WriteLine($"start-to-convergence per round (ms): {string.Join(", ", times.Select(t => t.ToString("0")))}; " +
                          $"max {times.Max():0}");
    }

    [Fact]
    public async Task A_member_process_killed_with_SIGKILL_is_dropped_by_the_survivors_within_two_seconds()
    {
        await using var cluster = new ProtoCluster();
        var seed = await cluster.StartAsync();
        var other = await cluster.StartAsync(seed.Address);
        var survivors = new[] { seed, other };

        await using var child = await MemberProcess.Start(cluster.Name, seed.Address, TimeSpan.FromSeconds(20));
        var everyone = survivors.Select(m => m.Id).Append(child.Id).ToArray();
        await Eventually.Until(() => survivors.All(m => m.SeesExactly(everyone)),
            ConvergeTimeout, "the in-process members to see the child process", () => cluster.Describe() + "\nChild output:\n" + child.Output);

        var killed = Stopwatch.GetTimestamp();
        child.Kill();
        await Eventually.Until(() => survivors.All(m => !m.MemberIds.Contains(child.Id)),
            TimeSpan.FromSeconds(10), "the survivors to drop the killed process", cluster.Describe);
        // Measured from just before the kill, so the time the kernel takes to reap the process is included.
        var detected = Stopwatch.GetElapsedTime(killed);
        _output.WriteLine($"kill -9 of pid {child.ProcessId}: survivors dropped it {detected.TotalMilliseconds:0} ms after the kill");

        Assert.True(detected < TimeSpan.FromSeconds(2), $"Detection of a killed member took {detected.TotalMilliseconds:0} ms");
        Assert.All(survivors, m => Assert.True(m.SeesExactly(survivors.Select(s => s.Id)), m.ToString()));
    }

    [Fact]
    public async Task A_process_restarted_on_the_same_port_replaces_the_old_id_which_never_comes_back()
    {
        await using var cluster = new ProtoCluster();
        // Slow failure detection on the survivors, so that only the restart can remove the old incarnation:
        // this exercises the replacement by address, not the crash detector.
        var slow = ProtoCluster.Options() with { FailureDetection = new FailureDetectionOptions { SuspectAfter = TimeSpan.FromSeconds(30), HeartbeatExpiration = TimeSpan.FromSeconds(60) } };
        var seed = await cluster.StartAsync(slow);
        var other = await cluster.StartAsync(slow with { Seeds = [seed.Address] });
        var survivors = new[] { seed, other };
        var port = FreePort.Next();

        await using var first = await MemberProcess.Start(cluster.Name, seed.Address, TimeSpan.FromSeconds(20), port);
        await Eventually.Until(() => survivors.All(m => m.MemberIds.Contains(first.Id)),
            ConvergeTimeout, "the survivors to see the first incarnation", cluster.Describe);
        first.Kill();

        var restarted = Stopwatch.GetTimestamp();
        await using var second = await MemberProcess.Start(cluster.Name, seed.Address, TimeSpan.FromSeconds(20), port);
        Assert.Equal(first.Address, second.Address);
        Assert.NotEqual(first.Id, second.Id);
        var expected = survivors.Select(m => m.Id).Append(second.Id).ToArray();
        var replaced = await Eventually.Until(() => survivors.All(m => m.SeesExactly(expected)),
            ConvergeTimeout, "the survivors to replace the old incarnation with the new one", cluster.Describe);
        _output.WriteLine($"restart on port {port}: the new incarnation replaced the old one everywhere " +
                          $"{Stopwatch.GetElapsedTime(restarted).TotalMilliseconds:0} ms after the new process was started " +
                          $"({replaced.TotalMilliseconds:0} ms after its start returned)");

        await Eventually.Holds(() => survivors.All(m => m.SeesExactly(expected)), TimeSpan.FromSeconds(1.5),
            "the old id to stay gone over several gossip rounds", cluster.Describe);
        Assert.All(survivors, m => Assert.True(m.Cluster.Remote.BlockList.IsBlocked(first.Id), "old id not blocked on " + m));
    }

    [Fact]
    public async Task A_member_restarted_in_process_on_the_same_port_gets_a_new_id_and_the_old_one_never_comes_back()
    {
        await using var cluster = new ProtoCluster();
        var seed = await cluster.StartAsync();
        var port = FreePort.Next();
        var first = await cluster.StartAsync(ProtoCluster.Options(seed.Address), port);
        await Eventually.Until(() => seed.SeesExactly([seed.Id, first.Id]), ConvergeTimeout, "the seed to see the member", cluster.Describe);

        await first.ShutdownAsync(graceful: true);
        await Eventually.Until(() => seed.SeesExactly([seed.Id]), ConvergeTimeout, "the seed to drop the member that left", cluster.Describe);

        var started = Stopwatch.GetTimestamp();
        var second = await cluster.StartAsync(ProtoCluster.Options(seed.Address), port);
        _output.WriteLine($"rejoin on the same port took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms " +
                          "(Proto refuses an address for 3 s after its member left)");
        Assert.Equal(first.Address, second.Address);
        Assert.NotEqual(first.Id, second.Id);
        await Eventually.Until(() => seed.SeesExactly([seed.Id, second.Id]), ConvergeTimeout, "the seed to see the new incarnation", cluster.Describe);
        await Eventually.Holds(() => seed.SeesExactly([seed.Id, second.Id]) && second.SeesExactly([seed.Id, second.Id]),
            TimeSpan.FromSeconds(1.5), "the old id to stay gone", cluster.Describe);
    }

    [Fact]
    public async Task A_seed_list_that_names_only_the_member_itself_starts_a_new_cluster()
    {
        await using var cluster = new ProtoCluster();
        var port = FreePort.Next();
        var member = await cluster.StartAsync(ProtoCluster.Options("localhost:" + port), port);
        Assert.Equal([member.Id], member.MemberIds);
    }

    [Fact]
    public async Task Client_mode_is_refused_with_a_clear_message()
    {
        var provider = new SeedNodeProvider(new SeedNodeOptions());
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => provider.StartClientAsync(null!));
        Assert.Contains("clients", error.Message, StringComparison.Ordinal);
    }
}
