using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sworm;

namespace Sworm.Sample;

/// <summary>Builds one member of the sample cluster: loopback, seed-node or Consul membership, the Devices sworm.</summary>
internal static class MemberHost
{
    public static IHost Build(string cluster, int port, string? seed, string? consul, bool logToStderr)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logToStderr)
        {
            // Stdout carries READY/EVENT lines for the parent; warnings go to stderr, which the parent keeps.
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddSworm(c =>
            {
                c.WithClusterName(cluster).BindTo("127.0.0.1", port);
                if (consul is not null)
                {
                    c.UseConsul(new Uri(consul));
                }
                else if (seed is not null)
                {
                    c.UseSeedNodes(seed);
                }
            })
            .AddSworm<Devices>();
        return builder.Build();
    }
}
