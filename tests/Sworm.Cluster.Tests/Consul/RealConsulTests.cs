using System.Diagnostics;
using Sworm.Cluster.Tests.Infrastructure;
using Sworm.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>
/// The Consul scenarios against a REAL agent (e.g. `consul agent -dev`), when SWORM_CONSUL_ADDRESS is set;
/// skipped otherwise. Each test uses its own service name, and deregisters what it registered.
/// </summary>
public sealed class RealConsulTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly IDisposable _protoLogging = TestOutputLogging.Attach(output);
    private readonly CapturingLoggerFactory _logging = new(output);
    private readonly List<ConsulProtoMember> _members = [];
    private readonly string _clusterName = "sworm-real-" + Guid.NewGuid().ToString("N")[..8];

    private static Uri Agent => new(Environment.GetEnvironmentVariable(RealConsulFactAttribute.Variable)!);

    private static ConsulMembershipOptions Options()
    {
        var options = ConsulProtoMember.TestOptions(Environment.GetEnvironmentVariable("SWORM_CONSUL_TOKEN"));
        options.DeregisterCriticalServiceAfter = TimeSpan.FromMinutes(1); // Consul's minimum
        return options;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_members.Select(m => m.DisposeAsync().AsTask()));
        _protoLogging.Dispose();
    }

    private async Task<ConsulProtoMember> StartMember()
    {
        var member = await ConsulProtoMember.StartAsync(_clusterName, Agent, Options(), _logging);
        _members.Add(member);
        return member;
    }

    private string Describe() => string.Join("; ", _members.Select(m => m.ToString()));

    [RealConsulFact]
    public async Task Three_members_form_a_cluster_and_a_graceful_leave_is_seen_at_once()
    {
        var all = new[] { await StartMember(), await StartMember(), await StartMember() };
        await Eventually.Until(() => all.All(m => m.SeesExactly(all.Select(a => a.Id))), TimeSpan.FromSeconds(15), "three members", Describe);
        await all[2].ShutdownAsync(graceful: true);
        var dropped = await Eventually.Until(() => all[..2].All(m => m.SeesExactly(all[..2].Select(a => a.Id))), TimeSpan.FromSeconds(10), "the leaver to drop out", Describe);
        output.WriteLine($"leave seen in {dropped.TotalMilliseconds:0} ms");
    }

    [RealConsulFact]
    public async Task A_killed_member_process_is_removed_in_about_a_second()
    {
        var a = await StartMember();
        var token = Environment.GetEnvironmentVariable("SWORM_CONSUL_TOKEN");
        await using var victim = await MemberProcess.StartWithConsul(_clusterName, Agent, TimeSpan.FromSeconds(30), token);
        await Eventually.Until(() => a.SeesExactly([a.Id, victim.Id]), TimeSpan.FromSeconds(15), "the process to join", Describe);
        victim.Kill();
        var started = Stopwatch.StartNew();
        await Eventually.Until(() => a.SeesExactly([a.Id]), TimeSpan.FromSeconds(10), "the killed member to drop out", Describe);
        output.WriteLine($"kill -9 detected in {started.ElapsedMilliseconds} ms");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2.5));
    }
}
