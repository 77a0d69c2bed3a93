using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sworm.Runtime.Tests;

/// <summary>
/// Cluster settings from configuration (section Sworm:Cluster, e.g. from environment variables in a container), code
/// overriding them, and the address a member advertises (API.md §6).
/// </summary>
public sealed class ClusterConfigurationTests
{
    private static Action<IServiceCollection> Configuration(Dictionary<string, string?> values) =>
        services => services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public async Task Cluster_settings_come_from_configuration_and_code_overrides_them()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(), start: false,
            configureServices: Configuration(new()
            {
                ["Sworm:Cluster:ClusterName"] = "from-configuration",
                ["Sworm:Cluster:RequestTimeout"] = "00:00:07",
                ["Sworm:Cluster:FailureDetection:HeartbeatExpiration"] = "00:00:06",
            }));
        var options = member.Services.GetRequiredService<SwormClusterOptions>();

        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), options.FailureDetection.HeartbeatExpiration);
        Assert.NotEqual("from-configuration", options.ClusterName); // the test member names its cluster in code
        Assert.StartsWith("test-", options.ClusterName);
    }

    [Theory]
    [InlineData("Sworm:Cluster:RequestTimeout", "soon", "Sworm:Cluster:RequestTimeout")]
    [InlineData("Sworm:Cluster:Bind", "somewhere", "Sworm:Cluster:Bind")]
    [InlineData("Sworm:Cluster:FailureDetection:SuspectAfter", "x", "FailureDetection:SuspectAfter")]
    [InlineData("Sworm:Cluster:Consul:Address", "not a url", "Sworm:Cluster:Consul:Address")]
    public async Task A_cluster_setting_that_does_not_parse_fails_the_start_naming_the_key(string key, string value, string named)
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(), start: false, configureServices: Configuration(new() { [key] = value }));

        var error = await Assert.ThrowsAsync<SwormConfigurationException>(() => member.Host.StartAsync());
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task Seed_nodes_from_configuration_are_validated_like_code()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(), start: false,
            configureServices: Configuration(new() { ["Sworm:Cluster:SeedNodes:0"] = "no-port-here" }));

        var error = await Assert.ThrowsAsync<SwormConfigurationException>(() => member.Host.StartAsync());
        Assert.Contains("no-port-here", error.Message);
    }

    [Fact]
    public async Task A_member_listening_on_any_address_must_advertise_one_others_can_reach()
    {
        await using var unroutable = await TestMember.Start(s => s.AddSworm<TestProcesses>(), c => c.BindTo("0.0.0.0", 0), start: false);
        var error = await Assert.ThrowsAsync<SwormConfigurationException>(() => unroutable.Host.StartAsync());
        Assert.Contains("AdvertiseAs", error.Message);

        await using var advertised = await TestMember.Start(s => s.AddSworm<TestProcesses>(), c => c.BindTo("0.0.0.0", 0).AdvertiseAs("127.0.0.1"));
        Assert.StartsWith("127.0.0.1:", advertised.System.Address);
        var name = SingleMemberFixture.UniqueName("advertised");
        Assert.Equal(RegisterStatus.Started, (await advertised.Sworm<TestProcesses>().RegisterName(name, EchoWorker.Spec(name))).Status);
        Assert.Equal(name, (await advertised.Sworm<TestProcesses>().Request<Pong>(name, new Ping())).Label);
    }

    [Fact]
    public async Task Advertising_an_unroutable_address_is_refused()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(), c => c.AdvertiseAs("::"), start: false);

        var error = await Assert.ThrowsAsync<SwormConfigurationException>(() => member.Host.StartAsync());
        Assert.Contains("AdvertiseAs", error.Message);
    }
}
