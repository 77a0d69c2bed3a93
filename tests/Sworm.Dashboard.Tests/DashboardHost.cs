using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sworm.Dashboard;
using Sworm.Testing;
using Sworm.Testing.Fixtures;

namespace Sworm.Dashboard.Tests;

/// <summary>A real 3-member cluster in this process, and a Kestrel app on a free loopback port serving the first member's dashboard.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private DashboardHost(TestCluster cluster, WebApplication app)
    {
        Cluster = cluster;
        App = app;
        BaseUrl = app.Urls.First().TrimEnd('/');
    }

    public TestCluster Cluster { get; }
    public WebApplication App { get; }
    public string BaseUrl { get; }
    public string DashboardUrl => BaseUrl + "/sworm/";

    public static async Task<DashboardHost> Start(int members = 3)
    {
        var cluster = await TestCluster.Start(members, sworms => sworms.AddSworm<ClusterProcesses>());
        return await Serve(cluster);
    }

    /// <summary>Serves the first member's dashboard of a cluster the caller started (and this host now owns).</summary>
    public static async Task<DashboardHost> Serve(TestCluster cluster)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapSwormDashboard("/sworm", cluster[0].Services.GetRequiredService<ISwormMonitor>());
        await app.StartAsync();
        return new DashboardHost(cluster, app);
    }

    /// <summary>Registers <paramref name="count"/> names from the first member and waits until its replica has them all.</summary>
    public async Task Register(int count)
    {
        var processes = Cluster[0].Sworm<ClusterProcesses>();
        for (var i = 0; i < count; i++)
        {
            await processes.RegisterName($"dash-{i}", PlacedWorker.Spec($"dash-{i}"));
        }

        await Eventually.Until(async () => (await processes.Registered()).Count == count, $"{count} names registered");
    }

    /// <summary>Names per member address, as the first member's replica has them.</summary>
    public async Task<Dictionary<string, int>> NamesPerMember() =>
        (await Cluster[0].Sworm<ClusterProcesses>().Registered())
            .GroupBy(r => r.Pid.Address)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
