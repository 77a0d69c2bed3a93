using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Sworm;
using Sworm.Dashboard;

namespace Sworm.Sample;

/// <summary><c>--dashboard PORT</c>: serves Sworm.Dashboard for the seed member on http://127.0.0.1:PORT/sworm/.</summary>
internal static class DashboardServer
{
    public static async Task<WebApplication> Start(int port, ISwormMonitor monitor)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapSwormDashboard("/sworm", monitor);
        await app.StartAsync();
        return app;
    }
}
