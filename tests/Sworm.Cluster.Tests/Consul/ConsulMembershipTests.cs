using System.Diagnostics;
using Sworm.Cluster.Tests.Infrastructure;
using Sworm.ConsulSimulator;
using Sworm.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>
/// Sworm's Consul membership with real Proto members on loopback, against the Consul agent SIMULATOR
/// (tests/Sworm.ConsulSimulator; no Consul binary can run here). <see cref="RealConsulTests"/> runs the main
/// scenarios against a real agent when SWORM_CONSUL_ADDRESS is set.
/// </summary>
public sealed class ConsulMembershipTests : IAsyncLifetime
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;
    private readonly IDisposable _protoLogging;
    private readonly CapturingLoggerFactory _logging;
    private readonly List<ConsulProtoMember> _members = [];
    private readonly string _clusterName = "consul-test-" + Guid.NewGuid().ToString("N")[..8];
    private ConsulAgentSimulator _sim = null!;

    public ConsulMembershipTests(ITestOutputHelper output)
    {
        _output = output;
        _protoLogging = TestOutputLogging.Attach(output);
        _logging = new CapturingLoggerFactory(output);
    }

    public async Task InitializeAsync() =>
        _sim = await ConsulAgentSimulator.StartNewAsync(new ConsulSimulatorOptions
        {
            ReapInterval = TimeSpan.FromMilliseconds(250),
            MinimumDeregisterCriticalServiceAfter = TimeSpan.Zero,
        });

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_members.Select(m => m.DisposeAsync().AsTask()));
        await _sim.DisposeAsync();
        _protoLogging.Dispose();
    }

    private async Task<ConsulProtoMember> StartMember(int port = 0)
    {
        var member = await ConsulProtoMember.StartAsync(_clusterName, _sim.Address, ConsulProtoMember.TestOptions(), _logging, port);
        _members.Add(member);
        return member;
    }

    private string Describe() =>
        string.Join("; ", _members.Select(m => m.ToString())) + " | simulator: " +
        string.Join(", ", _sim.Services().Select(s => $"{s.Id[^8..]}={s.CheckStatus}"));

    [Fact]
    public async Task Three_members_form_one_cluster_through_Consul_each_registered_with_its_address_id_and_kinds()
    {
        var started = Stopwatch.StartNew();
        var all = new List<ConsulProtoMember> { await StartMember() };
        all.AddRange(await Task.WhenAll(StartMember(), StartMember()));
        var ids = all.Select(m => m.Id).ToArray();

        var converged = await Eventually.Until(() => all.All(m => m.SeesExactly(ids)), ConvergeTimeout, "all three to see all three", Describe);
        _output.WriteLine($"three members converged {started.ElapsedMilliseconds} ms after the first start began ({converged.TotalMilliseconds:0} ms after the last start returned)");

        foreach (var member in all)
        {
            var service = _sim.Service(_clusterName + "-" + member.Id);
            Assert.NotNull(service);
            Assert.Equal(_clusterName, service.Name);
            Assert.Equal(member.Address, service.Address + ":" + service.Port);
            Assert.Equal(member.Id, service.Meta["id"]);
            Assert.Contains("echo", service.Tags);
            Assert.Equal("passing", service.CheckStatus);
        }
    }

    [Fact]
    public async Task A_graceful_leave_deregisters_the_member_at_once_and_the_others_drop_it()
    {
        var all = new[] { await StartMember(), await StartMember(), await StartMember() };
        await Eventually.Until(() => all.All(m => m.SeesExactly(all.Select(a => a.Id))), ConvergeTimeout, "three members", Describe);

        await all[2].ShutdownAsync(graceful: true);
        Assert.Null(_sim.Service(_clusterName + "-" + all[2].Id));
        var dropped = await Eventually.Until(() => all[..2].All(m => m.SeesExactly(all[..2].Select(a => a.Id))), ConvergeTimeout, "the others to drop the leaver", Describe);
        _output.WriteLine($"the others dropped the leaver {dropped.TotalMilliseconds:0} ms after its shutdown returned");
    }

    [Fact]
    public async Task A_killed_member_process_is_removed_in_about_a_second_then_its_check_turns_critical_and_Consul_reaps_it()
    {
        var a = await StartMember();
        var b = await StartMember();
        await using var victim = await MemberProcess.StartWithConsul(_clusterName, _sim.Address, TimeSpan.FromSeconds(30));
        var everyone = new[] { a.Id, b.Id, victim.Id };
        await Eventually.Until(() => a.SeesExactly(everyone) && b.SeesExactly(everyone), ConvergeTimeout, "the process member to join", Describe);
        var serviceId = _clusterName + "-" + victim.Id;
        Assert.Equal("passing", _sim.Service(serviceId)?.CheckStatus);

        victim.Kill();
        var killed = Stopwatch.StartNew();
        var detected = await Eventually.Until(() => a.SeesExactly([a.Id, b.Id]) && b.SeesExactly([a.Id, b.Id]),
            TimeSpan.FromSeconds(10), "both survivors to drop the killed member", Describe);
        _output.WriteLine($"kill -9 detected by both survivors in {detected.TotalMilliseconds:0} ms (TTL is 3000 ms)");
        Assert.True(detected < TimeSpan.FromSeconds(2.5), $"detection took {detected.TotalMilliseconds:0} ms: Sworm's detector, not the TTL, must remove it");
        Assert.Equal("passing", _sim.Service(serviceId)?.CheckStatus); // Consul has not noticed yet: the TTL has not run out

        await Eventually.Until(() => _sim.Service(serviceId)?.CheckStatus == "critical", TimeSpan.FromSeconds(10), "the simulator to mark the check critical", Describe);
        _output.WriteLine($"check critical {killed.ElapsedMilliseconds} ms after the kill");
        await Eventually.Until(() => _sim.Service(serviceId) is null, TimeSpan.FromSeconds(10), "the simulator to reap the service", Describe);
        _output.WriteLine($"service reaped {killed.ElapsedMilliseconds} ms after the kill");
        Assert.True(a.SeesExactly([a.Id, b.Id]) && b.SeesExactly([a.Id, b.Id]), Describe());
    }

    [Fact]
    public async Task Agent_down_for_10_s_then_back_empty_loses_no_member_and_every_member_registers_again()
    {
        var all = new[] { await StartMember(), await StartMember(), await StartMember() };
        var ids = all.Select(m => m.Id).ToArray();
        await Eventually.Until(() => all.All(m => m.SeesExactly(ids)), ConvergeTimeout, "three members", Describe);

        await _sim.StopAsync();
        var down = Stopwatch.StartNew();
        while (down.Elapsed < TimeSpan.FromSeconds(10))
        {
            Assert.True(all.All(m => m.SeesExactly(ids)), "a member was dropped while the agent was down: " + Describe());
            await Task.Delay(50);
        }
        await _sim.StartAsync();
        Assert.Empty(_sim.Services());
        var back = Stopwatch.StartNew();
        while (!ids.All(id => _sim.Service(_clusterName + "-" + id)?.CheckStatus == "passing"))
        {
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(10), "not every member registered again: " + Describe());
            Assert.True(all.All(m => m.SeesExactly(ids)), "a member was dropped while the agent came back: " + Describe());
            await Task.Delay(50);
        }
        _output.WriteLine($"all three registered again {back.ElapsedMilliseconds} ms after the agent came back");
        // And stay: the grace period ends, Consul's view (all three) is authoritative again.
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(4))
        {
            Assert.True(all.All(m => m.SeesExactly(ids)), "a member was dropped after the agent came back: " + Describe());
            await Task.Delay(50);
        }
        Assert.Contains(_logging.Lines, l => l.Contains("[7006]", StringComparison.Ordinal)); // "registering again"
    }

    [Fact]
    public async Task An_index_that_goes_backwards_resets_the_watch_and_no_member_is_lost()
    {
        var all = new[] { await StartMember(), await StartMember(), await StartMember() };
        var ids = all.Select(m => m.Id).ToArray();
        await Eventually.Until(() => all.All(m => m.SeesExactly(ids)), ConvergeTimeout, "three members", Describe);

        _sim.ResetCatalog(); // connections stay open; open blocking queries now hold an index above the agent's
        var reset = Stopwatch.StartNew();
        while (!(ids.All(id => _sim.Service(_clusterName + "-" + id)?.CheckStatus == "passing") &&
                 _logging.Lines.Count(l => l.Contains("[7009]", StringComparison.Ordinal)) >= 3))
        {
            // Each watch waits out its BlockingWait (5 s) before it sees the lower index.
            Assert.True(reset.Elapsed < TimeSpan.FromSeconds(12), "not every member re-registered and reset its index: " + Describe());
            Assert.True(all.All(m => m.SeesExactly(ids)), "a member was dropped after the index went backwards: " + Describe());
            await Task.Delay(50);
        }
        _output.WriteLine($"all re-registered and all three watches reset their index within {reset.ElapsedMilliseconds} ms");
        Assert.True(all.All(m => m.SeesExactly(ids)), Describe());
    }

    [Fact]
    public async Task A_member_restarted_at_the_same_address_rejoins()
    {
        var a = await StartMember();
        var b = await StartMember();
        await Eventually.Until(() => a.SeesExactly([a.Id, b.Id]), ConvergeTimeout, "two members", Describe);
        var port = int.Parse(b.Address.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        await b.ShutdownAsync(graceful: true);
        await Eventually.Until(() => a.SeesExactly([a.Id]), ConvergeTimeout, "a to drop b", Describe);

        var again = await StartMember(port);
        Assert.Equal(b.Address, again.Address);
        await Eventually.Until(() => a.SeesExactly([a.Id, again.Id]) && again.SeesExactly([a.Id, again.Id]), ConvergeTimeout, "the restarted member to rejoin", Describe);
    }
}
