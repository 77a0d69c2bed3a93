using System.Diagnostics;
using Sworm.Cluster.Tests.Infrastructure;
using Sworm.ConsulSimulator;
using Sworm.Membership.Consul;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>Bad settings, an unreachable agent and a missing ACL token fail a member's start clearly (Consul SIMULATOR).</summary>
public sealed class ConsulStartFailureTests(ITestOutputHelper output) : IDisposable
{
    private readonly IDisposable _protoLogging = TestOutputLogging.Attach(output);
    private readonly string _clusterName = "consul-fail-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _protoLogging.Dispose();

    public static TheoryData<string, string> BadSettings => new()
    {
        { "ftp://127.0.0.1:8500", "http://" },
        { "relative", "absolute" },
        { "ttl=0", "Ttl" },
        { "refresh>=ttl", "RefreshInterval" },
        { "refresh=0", "RefreshInterval" },
        { "wait=20m", "BlockingWait" },
        { "startup=0", "StartupTimeout" },
        { "service=a/b", "ServiceName" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_throws_SwormConfigurationException_naming_it(string setting, string named)
    {
        var options = ConsulProtoMember.TestOptions();
        var address = "http://127.0.0.1:8500";
        switch (setting)
        {
            case "ttl=0": options.Ttl = TimeSpan.Zero; break;
            case "refresh>=ttl": options.RefreshInterval = options.Ttl; break;
            case "refresh=0": options.RefreshInterval = TimeSpan.Zero; break;
            case "wait=20m": options.BlockingWait = TimeSpan.FromMinutes(20); break;
            case "startup=0": options.StartupTimeout = TimeSpan.Zero; break;
            case "service=a/b": options.ServiceName = "a/b"; break;
            default: address = setting; break;
        }
        var uri = new Uri(address, UriKind.RelativeOrAbsolute);
        var e = Assert.Throws<SwormConfigurationException>(() => new ConsulProvider(uri, options, new CapturingLoggerFactory(output)));
        output.WriteLine(e.Message);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_agent_fails_the_start_with_SwormUnavailableException_naming_the_address_within_StartupTimeout()
    {
        var port = FreePort.Next();
        var agent = new Uri($"http://127.0.0.1:{port}");
        var options = ConsulProtoMember.TestOptions();
        options.StartupTimeout = TimeSpan.FromSeconds(2);
        var logging = new CapturingLoggerFactory(output);
        var started = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<SwormUnavailableException>(() => ConsulProtoMember.StartAsync(_clusterName, agent, options, logging));
        output.WriteLine($"failed after {started.ElapsedMilliseconds} ms: {e.Message}");
        Assert.Contains(agent.ToString(), e.Message, StringComparison.Ordinal);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(5));
        Assert.Contains(logging.Lines, l => l.Contains("[7002]", StringComparison.Ordinal) && l.Contains(agent.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_ACLs_a_member_without_the_token_fails_to_start_clearly_and_the_token_never_appears_in_a_log_line()
    {
        const string token = "b1e2c3d4-secret-token-0042";
        await using var sim = await ConsulAgentSimulator.StartNewAsync(new ConsulSimulatorOptions { AclToken = token });
        var logging = new CapturingLoggerFactory(output);

        var none = await Assert.ThrowsAsync<SwormConfigurationException>(() =>
            ConsulProtoMember.StartAsync(_clusterName, sim.Address, ConsulProtoMember.TestOptions(), logging));
        output.WriteLine(none.Message);
        Assert.Contains("ACL", none.Message, StringComparison.Ordinal);
        Assert.Contains("Token", none.Message, StringComparison.Ordinal);
        Assert.Contains("Permission denied", none.Message, StringComparison.Ordinal);

        var wrong = await Assert.ThrowsAsync<SwormConfigurationException>(() =>
            ConsulProtoMember.StartAsync(_clusterName, sim.Address, ConsulProtoMember.TestOptions("not-the-token"), logging));
        Assert.Contains("ACL not found", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", wrong.ToString(), StringComparison.Ordinal);
        Assert.Empty(sim.Services());

        await using (var member = await ConsulProtoMember.StartAsync(_clusterName, sim.Address, ConsulProtoMember.TestOptions(token), logging))
        {
            Assert.Single(sim.Services());
            // Restart the agent so the member also logs its recovery paths (pass failing, registering again).
            await sim.StopAsync();
            await sim.StartAsync();
            await Sworm.Testing.Eventually.Until(() => sim.Services().Count == 1, "the member to register again", TimeSpan.FromSeconds(10));
        }
        Assert.NotEmpty(logging.Lines);
        Assert.DoesNotContain(logging.Lines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, none.ToString(), StringComparison.Ordinal);
    }
}
