using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sworm.Dashboard;

/// <summary>Maps Sworm's live dashboard into an ASP.NET Core application.</summary>
public static class SwormDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the dashboard of the Sworm member in the application's own services (registered with
    /// <c>AddSworm(...)</c>) under <paramref name="pattern"/>: <c>GET {pattern}</c> is the live page (members, sworms,
    /// names per member as bars, restarts, failovers and handoffs over time, recent events; it polls once a second),
    /// <c>GET {pattern}/api/status</c> the same data as JSON (see docs/dashboard.md), <c>GET {pattern}/assets/{file}</c>
    /// its script and style sheet, all embedded in this assembly (no CDN; it works offline).
    /// </summary>
    /// <param name="endpoints">The application (or any endpoint route builder).</param>
    /// <param name="pattern">The path prefix, for example <c>"/sworm"</c>; must start with <c>/</c>.</param>
    /// <returns>The route group, to add authorization or other conventions (<c>.RequireAuthorization()</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> does not start with <c>/</c>.</exception>
    /// <exception cref="InvalidOperationException">No Sworm member is registered in the application's services.</exception>
    public static RouteGroupBuilder MapSwormDashboard(this IEndpointRouteBuilder endpoints, string pattern = "/sworm")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var monitor = endpoints.ServiceProvider.GetService<ISwormMonitor>()
            ?? throw new InvalidOperationException(
                "MapSwormDashboard needs a Sworm member in the application's services: call services.AddSworm(...) first, " +
                "or pass the member's monitor: MapSwormDashboard(pattern, memberHost.Services.GetRequiredService<ISwormMonitor>()).");
        return endpoints.MapSwormDashboard(pattern, monitor);
    }

    /// <summary>
    /// Serves the dashboard of the member that <paramref name="monitor"/> belongs to, for an application whose Sworm
    /// member runs in another host (a generic host next to the web host, or a test cluster). Otherwise the same as
    /// <see cref="MapSwormDashboard(IEndpointRouteBuilder, string)"/>.
    /// </summary>
    /// <param name="endpoints">The application (or any endpoint route builder).</param>
    /// <param name="pattern">The path prefix, for example <c>"/sworm"</c>; must start with <c>/</c>.</param>
    /// <param name="monitor">The member's read model, from that member's services.</param>
    /// <returns>The route group, to add authorization or other conventions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> does not start with <c>/</c>.</exception>
    [Experimental("SWORMEXP001")]
    public static RouteGroupBuilder MapSwormDashboard(this IEndpointRouteBuilder endpoints, string pattern, ISwormMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(monitor);
        if (!pattern.StartsWith('/'))
        {
            throw new ArgumentException($"The dashboard's path must start with '/', for example \"/sworm\"; got \"{pattern}\".", nameof(pattern));
        }

        var prefix = pattern.TrimEnd('/');
        var history = new DashboardHistory(monitor, TimeProvider.System);
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(history.Dispose);

        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", (HttpContext context) =>
        {
            // Relative asset and API links in the page need the trailing slash.
            if (!context.Request.Path.Value!.EndsWith('/'))
            {
                return Results.Redirect(context.Request.PathBase + context.Request.Path + "/");
            }

            return DashboardAssets.Result("index.html");
        });
        group.MapGet("/assets/{file}", (string file) => DashboardAssets.Result(file));
        group.MapGet("/api/status", () => Results.Json(history.Snapshot(), DashboardJson.Options));
        return group;
    }
}
