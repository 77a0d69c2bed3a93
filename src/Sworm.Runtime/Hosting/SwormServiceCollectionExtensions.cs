using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Proto;
using Proto.Cluster;
using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;
using Sworm.Hosting;

namespace Sworm;

/// <summary>Adds a Sworm member to a host: <c>builder.Services.AddSworm(cluster => …).AddSworm&lt;MyProcesses&gt;()</c>.</summary>
public static class SwormServiceCollectionExtensions
{
    /// <summary>
    /// Makes this host a member of a Sworm cluster. The member starts with the host and leaves gracefully when
    /// it stops. Its <see cref="ActorSystem"/> and <see cref="Cluster"/> are available from DI.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">
    /// How to join: cluster name, address, seed nodes or Consul, failure detection, timeouts. Applied after the
    /// configuration section <c>Sworm:Cluster</c> (see <see cref="SwormClusterConfiguration"/>), so code overrides it.
    /// </param>
    /// <returns>A builder to add sworms with <see cref="SwormBuilder.AddSworm{T}"/>.</returns>
    public static SwormBuilder AddSworm(this IServiceCollection services, Action<SwormClusterBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SwormClusterOptions)))
        {
            throw new InvalidOperationException(
                "AddSworm(cluster => …) was called twice on the same services. Configure the cluster once, then chain .AddSworm<T>() for each sworm.");
        }

        services.AddOptions();
        services.AddLogging();
        // Configuration (section Sworm:Cluster) first, then code, so code overrides configuration.
        services.AddSingleton(sp =>
        {
            var options = new SwormClusterOptions();
            if (sp.GetService<IConfiguration>()?.GetSection(SwormClusterConfiguration.SectionName) is { } section && section.Exists())
            {
                SwormClusterConfiguration.Apply(section, options);
            }

            configure?.Invoke(new SwormClusterBuilder(options));
            return options;
        });
        services.TryAddSingleton<SwormMember>();
        services.TryAddSingleton(sp => new SwormDiagnostics(sp.GetService<IMeterFactory>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<ISwormMonitor>(sp => new SwormMonitor(sp.GetRequiredService<SwormMember>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<SwormMember>().System);
        services.TryAddSingleton(sp => sp.GetRequiredService<SwormMember>().Cluster);
        services.AddHostedService<SwormHostedService>();
        return new SwormBuilder(services);
    }
}
