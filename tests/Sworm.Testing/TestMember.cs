using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;

namespace Sworm.Testing;

/// <summary>
/// One Sworm member in its own host (its own DI container and actor system) inside the test process,
/// on a free loopback port. Disposing it stops the host.
/// </summary>
public sealed class TestMember : IAsyncDisposable
{
    private TestMember(IHost host) => Host = host;

    public IHost Host { get; }
    public IServiceProvider Services => Host.Services;
    public ActorSystem System => Services.GetRequiredService<ActorSystem>();
    public string Address => System.Address;

    public T Sworm<T>() where T : class => Services.GetRequiredService<T>();

    /// <summary>Builds a member; it is started unless <paramref name="start"/> is false.</summary>
    public static async Task<TestMember> Start(
        Action<SwormBuilder> addSworms,
        Action<SwormClusterBuilder>? configureCluster = null,
        Action<IServiceCollection>? configureServices = null,
        bool start = true,
        string? clusterName = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("SWORM_TEST_LOG"), out var debugLevel))
        {
            // Debugging aid: SWORM_TEST_LOG=Information (or Debug) prints every member's log to the console.
            builder.Logging.SetMinimumLevel(debugLevel).AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        var sworm = builder.Services.AddSworm(cluster =>
        {
            cluster.WithClusterName(clusterName ?? "test-" + Guid.NewGuid().ToString("N")[..8]).BindTo("127.0.0.1", 0);
            configureCluster?.Invoke(cluster);
        });
        addSworms(sworm);
        configureServices?.Invoke(builder.Services);
        var member = new TestMember(builder.Build());
        if (start)
        {
            await member.Host.StartAsync().ConfigureAwait(false);
        }

        return member;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A host whose start failed cannot be stopped (Host.StopAsync throws); it is only disposed.
            if (Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
            {
                await Host.StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Host.Dispose();
        }
    }
}
