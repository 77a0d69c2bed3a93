using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sworm.Hosting;

namespace Sworm;

/// <summary>Adds the Sworm member's health to ASP.NET Core / generic host health checks.</summary>
public static class SwormHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check named <paramref name="name"/> (default <c>"sworm"</c>) that reports Unhealthy before the member
    /// has joined its cluster, while and after it leaves, once the cluster removed it, and below quorum (when a quorum
    /// is configured); Healthy otherwise. The description says why. Requires <c>services.AddSworm(...)</c>.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name in the report.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>"ready"</c>, <c>"live"</c>).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddSworm(this IHealthChecksBuilder builder, string name = "sworm", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new SwormHealthCheck(sp.GetService<SwormMember>()
                ?? throw new InvalidOperationException("AddHealthChecks().AddSworm() needs a Sworm member: call services.AddSworm(cluster => …) too.")),
            HealthStatus.Unhealthy,
            tags));
    }
}
