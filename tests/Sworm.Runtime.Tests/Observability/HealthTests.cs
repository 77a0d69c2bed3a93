using Sworm.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sworm.Membership;

namespace Sworm.Runtime.Tests.Observability;

/// <summary><c>AddHealthChecks().AddSworm()</c> follows the member's life and says why.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task The_check_is_unhealthy_before_the_join_healthy_while_running_and_unhealthy_once_removed_or_left()
    {
        await using var observed = await ObservedMember.Start(s => s.AddHealthChecks().AddSworm(tags: ["ready"]), start: false);
        var health = observed.Member.Services.GetRequiredService<HealthCheckService>();

        var before = await Check(health);
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("has not joined", before.Description);

        await observed.Member.Host.StartAsync();
        var running = await Check(health);
        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Contains("with 1 members", running.Description);
        Assert.Equal("Running", running.Data["state"]);

        var quorum = observed.Member.Services.GetRequiredService<SwormMember>().Lifecycle.Quorum;
        quorum.Required = 2; // what WithStaticQuorum(2) sets; one member alone is below it
        var below = await Check(health);
        Assert.Equal(HealthStatus.Unhealthy, below.Status);
        Assert.Contains("below quorum: 1 of the 2 members needed", below.Description);
        quorum.Required = 0;

        observed.Diagnostics.Raise(new MemberRemoved(observed.Member.System.Id, observed.Member.Address, "declared dead by a test"));
        var removed = await Check(health);
        Assert.Equal(HealthStatus.Unhealthy, removed.Status);
        Assert.Contains("was removed from cluster", removed.Description);
        Assert.Contains("declared dead by a test", removed.Description);
        Assert.Equal(SwormMemberState.Removed, observed.Monitor.Status().State);

        await observed.Member.Host.StopAsync();
        var left = await Check(health);
        Assert.Equal(HealthStatus.Unhealthy, left.Status);
        Assert.Contains("left cluster", left.Description);
    }

    [Fact]
    public void AddSworm_on_health_checks_refuses_an_empty_name() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddHealthChecks().AddSworm(name: " "));

    private static async Task<HealthReportEntry> Check(HealthCheckService health) =>
        (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Entries["sworm"];
}
