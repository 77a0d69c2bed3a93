using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sworm.Testing;

namespace Sworm.Runtime.Tests;

/// <summary><c>RebalanceOnJoin</c> and <c>RebalanceMovesPerSecond</c> are read like every option: attribute → configuration → code.</summary>
public sealed class RebalanceOptionsTests
{
    [Fact]
    public async Task The_attribute_sets_them_configuration_overrides_it_and_code_overrides_configuration()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<RebalancingProcesses>().AddSworm<TestProcesses>().AddSworm<PermanentProcesses>(), start: false,
            configureServices: services =>
            {
                services.AddSingleton<IConfiguration>(Configuration(new()
                {
                    ["Sworm:Sworms:RebalancingProcesses:RebalanceMovesPerSecond"] = "75",
                    ["Sworm:Sworms:TestProcesses:Handoff"] = "true",
                    ["Sworm:Sworms:TestProcesses:RebalanceOnJoin"] = "true",
                    ["Sworm:Sworms:PermanentProcesses:Handoff"] = "true",
                    ["Sworm:Sworms:PermanentProcesses:RebalanceOnJoin"] = "true",
                }));
                services.Configure<SwormOptions>("PermanentProcesses", o => o.RebalanceOnJoin = false);
            });
        var options = member.Services.GetRequiredService<IOptionsMonitor<SwormOptions>>();

        Assert.True(options.Get("RebalancingProcesses").RebalanceOnJoin);
        Assert.Equal(75, options.Get("RebalancingProcesses").RebalanceMovesPerSecond);
        Assert.True(options.Get("TestProcesses").RebalanceOnJoin);
        Assert.Equal(500, options.Get("TestProcesses").RebalanceMovesPerSecond);
        Assert.False(options.Get("PermanentProcesses").RebalanceOnJoin);
        Assert.Equal(50, RebalancingProcesses.DeclaredRebalanceMovesPerSecond);
    }

    [Theory]
    [InlineData("RebalanceMovesPerSecond", "0", "RebalanceMovesPerSecond must be positive")]
    [InlineData("RebalanceMovesPerSecond", "fast", "Sworm:Sworms:TestProcesses:RebalanceMovesPerSecond")]
    [InlineData("RebalanceOnJoin", "yes", "Sworm:Sworms:TestProcesses:RebalanceOnJoin")]
    [InlineData("RebalanceOnJoin", "true", "needs Handoff = true")]
    public async Task A_bad_value_or_rebalancing_without_handoff_fails_the_start_with_the_setting_named(string key, string value, string expected)
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(), start: false,
            configureServices: services => services.AddSingleton<IConfiguration>(Configuration(new() { ["Sworm:Sworms:TestProcesses:" + key] = value })));

        var error = await Assert.ThrowsAsync<SwormConfigurationException>(() => member.Host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
