using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Proto;
using Sworm.Hosting;
using Sworm.Registry;
using Sworm.Sworms;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Failover;

/// <summary>
/// How a new name's spec copy reaches another member before <c>RegisterName</c> returns (Registry/RegistryActor.SpecCopies.cs):
/// acknowledged by a peer, or, for a registration asked from another member, delivered to that member ahead of the
/// answer (Proto remoting keeps one member's messages to another in order), and kept there from the caller's own spec
/// should that delivery have gone missing.
/// </summary>
public sealed class SpecCopyDeliveryTests(ITestOutputHelper output)
{
    private const int OnVictim = 300;

    /// <summary>
    /// The asker's member is the only other member, so it is the only possible holder of each copy, and its copies are
    /// not acknowledged: the host is killed the moment a registration on it returns, with 64 more in flight.
    /// </summary>
    [Fact]
    public async Task Names_registered_from_another_member_survive_a_kill_of_their_host_right_after_RegisterName_returns()
    {
        await using var cluster = await TestCluster.Start(1, s => s.AddSworm<ClusterProcesses>());
        await using var victim = await MemberProcess.Start(cluster.Name, cluster[0].Address);
        var processes = cluster[0].Sworm<ClusterProcesses>();
        await Eventually.Until(async () => (await processes.Nodes()).Count == 2, "the member process to join");

        var started = new ConcurrentBag<(string Name, PID Pid)>();
        var onVictim = 0;
        var killed = 0;
        var next = 0;
        var prefix = "fifo-" + Guid.NewGuid().ToString("N")[..8];
        var registering = Enumerable.Range(0, 64).Select(async _ =>
        {
            while (Volatile.Read(ref killed) == 0)
            {
                var name = $"{prefix}-{Interlocked.Increment(ref next)}";
                RegisterResult result;
                try
                {
                    result = await processes.RegisterName(name, PlacedWorker.Spec(name));
                }
                catch (Exception e) when (e is SwormException or SwormTimeoutException)
                {
                    continue; // in flight when the host died: never reported started, so nothing is owed
                }

                Assert.Equal(RegisterStatus.Started, result.Status);
                started.Add((name, result.Pid));
                if (result.Pid.Address == victim.Address && Interlocked.Increment(ref onVictim) == OnVictim && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    victim.Kill(); // at once, from the continuation of the registration that just returned
                }
            }
        }).ToArray();
        await Task.WhenAll(registering).WaitAsync(TimeSpan.FromSeconds(60));

        var names = started.Select(s => s.Name).ToArray();
        var lost = started.Where(s => s.Pid.Address == victim.Address).Select(s => s.Name).ToArray();
        output.WriteLine($"{names.Length} names started, {lost.Length} of them on the killed member");
        Assert.True(lost.Length >= OnVictim, $"only {lost.Length} names ran on the killed member");

        await processes.AllRunningOn(names, new HashSet<string> { cluster[0].Address }, "every started name to run on the survivor", TimeSpan.FromSeconds(30));
        Assert.All(names, name => Assert.Equal(1, ClusterConstructions.Of(name))); // the lost ones restored here once, the others never twice
    }

    /// <summary>
    /// Both branches of the rule, with the only peer's spec store stopped so that no acknowledgement can come: a name
    /// asked from that peer is answered at once (the peer's member got the delta before the answer), a name asked on
    /// its host waits for an acknowledgement until the registry gives up on it after a request timeout (logged), and
    /// meanwhile one more asked from the peer is still answered at once.
    /// </summary>
    [Fact]
    public async Task A_registration_asked_on_its_host_waits_for_a_peers_acknowledgement_and_one_asked_from_the_peer_does_not()
    {
        var timeout = TimeSpan.FromSeconds(3);
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>(), c => c.WithRequestTimeout(timeout));
        var runtimes = Runtimes(cluster);
        var hosts = runtimes[0].Hosts;
        string OwnedByMember0(string prefix)
        {
            while (true)
            {
                var name = $"{prefix}-{Guid.NewGuid():N}";
                if (hosts.AddressOf(hosts.Owner(name, hosts.Members())) == cluster[0].Address)
                {
                    return name;
                }
            }
        }

        var first = OwnedByMember0("warm-up"); // the cluster's first registration is a cold one on a busy machine
        Assert.Equal(RegisterStatus.Started, (await cluster[0].Sworm<ClusterProcesses>().RegisterName(first, PlacedWorker.Spec(first))).Status);
        await cluster[1].System.Root.StopAsync(runtimes[1].Specs.LocalStore!);

        var askedByPeer = OwnedByMember0("asked-by-peer");
        var clock = Stopwatch.StartNew();
        var result = await cluster[1].Sworm<ClusterProcesses>().RegisterName(askedByPeer, PlacedWorker.Spec(askedByPeer));
        var peerTook = clock.Elapsed;
        Assert.Equal(RegisterStatus.Started, result.Status);
        Assert.Equal(cluster[0].Address, result.Pid.Address);
        Assert.True(peerTook < timeout / 2, $"asked from the peer, the registration took {peerTook}: it waited for an acknowledgement");

        // Not answered while the registry waits for an acknowledgement that cannot come (it gives up after a request
        // timeout, which is also the caller's: the caller then times out, or, by a few milliseconds, is answered).
        var askedOnHost = OwnedByMember0("asked-on-host");
        var onHost = cluster[0].Sworm<ClusterProcesses>().RegisterName(askedOnHost, PlacedWorker.Spec(askedOnHost));
        Assert.NotSame(onHost, await Task.WhenAny(onHost, Task.Delay(timeout / 2)));

        // The copy waiting for that acknowledgement holds the next delta back only for a moment (deltas gather while
        // an acknowledgement is awaited, for about 2 ms), not until the registry gives up on it, nor until its
        // once-a-second resync tick. Measured: 3-8 ms each, one in ~300 slower (a stall of this shared machine). Of
        // nine, seven must come under 250 ms: sent only by the tick, each would a quarter of the time, and seven of
        // nine about once in a thousand runs.
        var held = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var whileWaiting = OwnedByMember0($"asked-by-peer-while-a-copy-waits-{i}");
            clock.Restart();
            Assert.Equal(RegisterStatus.Started, (await cluster[1].Sworm<ClusterProcesses>().RegisterName(whileWaiting, PlacedWorker.Spec(whileWaiting))).Status);
            held.Add(clock.Elapsed.TotalMilliseconds);
        }

        Assert.True(held.Count(ms => ms < 250) >= 7,
            $"asked from the peer while a copy waited, the registrations took {string.Join(" / ", held.Select(h => h.ToString("0")))} ms");

        output.WriteLine($"asked from the peer: {peerTook.TotalMilliseconds:0} ms, then {string.Join(" / ", held.Select(h => h.ToString("0")))} ms while a copy waited; "
                         + $"asked on the host: no answer within {timeout / 2}");
        try
        {
            await onHost; // answered once the copy was released unacknowledged
        }
        catch (SwormTimeoutException)
        {
            // or the caller's own deadline came first
        }
    }

    /// <summary>
    /// The delta that carried a registration's copy to the asker's member went missing, yet the answer came (a batch lost
    /// with a connection that broke after the write): the caller's own spec, handed to its registry with the answer's
    /// read-your-writes, is kept as the copy. When the delta did arrive, nothing more is kept.
    /// </summary>
    [Fact]
    public async Task An_answer_whose_delta_is_missing_leaves_the_copy_with_the_askers_member()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var runtimes = Runtimes(cluster);
        var peer = runtimes[1].Topology.SelfId;
        var registry = runtimes[0].Registry;
        var root = cluster[0].System.Root;
        var applied = registry.Replica.AppliedSequence(peer);
        var worker = PID.FromAddress(cluster[1].Address, "worker-of-a-lost-delta");

        var arrived = $"arrived-{Guid.NewGuid():N}";
        await root.RequestAsync<ApplyEarly>(registry.LocalPid!,
            new ApplyEarly(peer, applied, new RegistryChange(RegistryChangeKind.NameAdded, arrived, worker), PlacedWorker.Spec(arrived)), TimeSpan.FromSeconds(5));
        var missing = $"missing-{Guid.NewGuid():N}";
        await root.RequestAsync<ApplyEarly>(registry.LocalPid!,
            new ApplyEarly(peer, applied + 10, new RegistryChange(RegistryChangeKind.NameAdded, missing, worker), PlacedWorker.Spec(missing)), TimeSpan.FromSeconds(5));

        var copies = (await runtimes[0].ExportSpecs()).Copies;
        var kept = Assert.Single(copies, c => c.Name == missing);
        Assert.Equal(peer, kept.Host);
        Assert.Equal(PlacedWorker.Spec(missing), kept.Spec);
        Assert.DoesNotContain(copies, c => c.Name == arrived);
    }

    private static SwormRuntime[] Runtimes(TestCluster cluster) =>
        cluster.Members.Select(m => m.Services.GetRequiredService<SwormMember>().RuntimeOf(nameof(ClusterProcesses))).ToArray();
}
