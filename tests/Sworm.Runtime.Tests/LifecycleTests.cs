using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sworm.Runtime.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Calls_before_the_host_started_fail_with_a_clear_exception()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(), start: false);
        var processes = member.Sworm<TestProcesses>();

        var error = await Assert.ThrowsAsync<SwormUnavailableException>(() => processes.WhereIsName("x"));
        Assert.Contains("before the Sworm member started", error.Message);
        await Assert.ThrowsAsync<SwormUnavailableException>(() => processes.RegisterName("x", EchoWorker.Spec("x")));
    }

    [Fact]
    public async Task Calls_after_the_host_stopped_fail_with_a_clear_exception()
    {
        var member = await TestMember.Start(s => s.AddSworm<TestProcesses>());
        var processes = member.Sworm<TestProcesses>();
        await member.DisposeAsync();

        var error = await Assert.ThrowsAsync<SwormUnavailableException>(() => processes.RegisterName("x", EchoWorker.Spec("x")));
        Assert.Contains("after the Sworm member stopped", error.Message);
        await Assert.ThrowsAsync<SwormUnavailableException>(() => processes.Registered());
    }

    [Fact]
    public async Task Stopping_the_host_stops_every_delegate_and_worker_without_logging_errors()
    {
        var errors = new ErrorCollector();
        var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(),
            configureServices: services => services.AddSingleton<ILoggerProvider>(errors));
        var processes = member.Sworm<TestProcesses>();
        var pids = new List<PID>();
        for (var i = 0; i < 20; i++)
        {
            pids.Add((await processes.RegisterName("worker-" + i, EchoWorker.Spec("lifecycle-" + Guid.NewGuid()))).Pid);
        }

        var system = member.System;
        await member.DisposeAsync();

        Assert.All(pids, pid => Assert.IsType<DeadLetterProcess>(system.ProcessRegistry.Get(pid)));
        Assert.Empty(errors.Errors);
    }

    [Fact]
    public async Task A_disposable_worker_is_disposed_once_when_unregistered_and_when_its_member_stops()
    {
        var member = await TestMember.Start(s => s.AddSworm<TestProcesses>());
        var processes = member.Sworm<TestProcesses>();
        var unregistered = "disposed-" + Guid.NewGuid();
        var stopped = "disposed-" + Guid.NewGuid();
        await processes.RegisterName(unregistered, DisposableWorker.Spec(unregistered));
        await processes.RegisterName(stopped, DisposableWorker.Spec(stopped));

        await processes.UnregisterName(unregistered);
        await Eventually.Until(() => DisposableWorker.DisposalsOf(unregistered) == 1, TimeSpan.FromSeconds(10), "the unregistered worker's disposal");
        Assert.Equal(0, DisposableWorker.DisposalsOf(stopped));

        await member.DisposeAsync();
        Assert.Equal(1, DisposableWorker.DisposalsOf(stopped)); // the member's stop waits for its workers
        Assert.Equal(1, DisposableWorker.DisposalsOf(unregistered));
    }

    [Fact]
    public async Task A_worker_whose_dispose_throws_still_stops_and_its_name_can_be_registered_again()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>());
        var processes = member.Sworm<TestProcesses>();
        var name = "throwing-dispose-" + Guid.NewGuid();
        await processes.RegisterName(name, ThrowingDisposeWorker.Spec());

        Assert.True(await processes.UnregisterName(name)); // would wait for a stop that never completes
        Assert.Null(await processes.WhereIsName(name));
        Assert.Equal(RegisterStatus.Started, (await processes.RegisterName(name, ThrowingDisposeWorker.Spec())).Status);
    }

    [Fact]
    public async Task Configuration_overrides_the_attribute_and_code_overrides_configuration()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>().AddSworm<PermanentProcesses>(), start: false,
            configureServices: services =>
            {
                services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Sworm:Sworms:TestProcesses:Restart"] = "Temporary",
                    ["Sworm:Sworms:TestProcesses:Handoff"] = "true",
                    ["Sworm:Sworms:PermanentProcesses:HandoffTimeoutMs"] = "750",
                }).Build());
                services.Configure<SwormOptions>("PermanentProcesses", o => o.MaxRestarts = 9);
            });
        var options = member.Services.GetRequiredService<IOptionsMonitor<SwormOptions>>();

        Assert.Equal(RestartStrategy.Temporary, options.Get("TestProcesses").Restart);
        Assert.True(options.Get("TestProcesses").Handoff);
        Assert.Equal(RestartStrategy.Permanent, options.Get("PermanentProcesses").Restart);
        Assert.Equal(750, options.Get("PermanentProcesses").HandoffTimeoutMs);
        Assert.Equal(9, options.Get("PermanentProcesses").MaxRestarts);
    }

    [Fact]
    public async Task An_invalid_configured_option_fails_the_start_with_the_setting_named()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>(), start: false,
            configureServices: services => services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Sworm:Sworms:TestProcesses:Restart"] = "Sometimes" }).Build()));

        var error = await Assert.ThrowsAsync<SwormConfigurationException>(() => member.Host.StartAsync());
        Assert.Contains("Sworm:Sworms:TestProcesses:Restart", error.Message);
    }

    [Fact]
    public async Task The_actor_system_and_cluster_are_available_from_DI_with_the_chosen_address()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>());
        var cluster = member.Services.GetRequiredService<Proto.Cluster.Cluster>();

        Assert.Same(member.System, cluster.System);
        Assert.StartsWith("127.0.0.1:", member.System.Address);
        Assert.NotEqual("127.0.0.1:0", member.System.Address);
    }

    [Fact]
    public void Adding_sworm_twice_is_refused()
    {
        var services = new ServiceCollection();
        var sworm = services.AddSworm();
        Assert.Throws<InvalidOperationException>(() => services.AddSworm());
        sworm.AddSworm<TestProcesses>();
        Assert.Throws<InvalidOperationException>(() => sworm.AddSworm<TestProcesses>());
    }

    private sealed class ErrorCollector : ILoggerProvider, ILogger
    {
        public List<string> Errors { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (Errors)
                {
                    Errors.Add(formatter(state, exception) + " " + exception);
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
