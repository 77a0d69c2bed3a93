using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sworm.Configuration;
using Sworm.Membership;
using Sworm.Membership.Consul;

namespace Sworm;

/// <summary>
/// The cluster settings from configuration, read by <c>AddSworm()</c> without code, so a container is configured through
/// environment variables (<c>Sworm__Cluster__SeedNodes__0=10.0.0.5:4020</c>). Code (<c>AddSworm(cluster => …)</c>)
/// runs afterwards and overrides what it sets. Keys of section <c>Sworm:Cluster</c>:
/// <list type="bullet">
/// <item><c>ClusterName</c>; <c>Bind</c> (<c>host:port</c>, port 0 = any free port); <c>Advertise</c> (<c>host</c> or <c>host:port</c>: the address the other members use);</item>
/// <item><c>SeedNodes</c> (array of <c>host:port</c>), or <c>Consul:Address</c> (a URL) with optional <c>Consul:ServiceName</c>,
/// <c>Ttl</c>, <c>RefreshInterval</c>, <c>DeregisterCriticalServiceAfter</c>, <c>BlockingWait</c>, <c>StartupTimeout</c>, <c>Token</c>;</item>
/// <item><c>RequestTimeout</c>, <c>JoinTimeout</c>, <c>FailureDetection:HeartbeatExpiration</c>, <c>FailureDetection:SuspectAfter</c>,
/// <c>FailureDetection:GossipInterval</c> (time spans such as <c>00:00:05</c>).</item>
/// </list>
/// A value that does not parse is a <see cref="SwormConfigurationException"/> naming the key.
/// </summary>
public static class SwormClusterConfiguration
{
    /// <summary>The configuration section: <c>Sworm:Cluster</c>.</summary>
    public const string SectionName = "Sworm:Cluster";

    internal static void Apply(IConfigurationSection section, SwormClusterOptions options)
    {
        if (section["ClusterName"] is { } name)
        {
            options.ClusterName = name;
        }

        if (section["Bind"] is { } bind)
        {
            (options.Host, options.Port) = Address(bind, "Bind", portRequired: true);
        }

        if (section["Advertise"] is { } advertise)
        {
            var (host, port) = Address(advertise, "Advertise", portRequired: false);
            options.AdvertisedHost = host;
            options.AdvertisedPort = port == 0 ? null : port;
        }

        options.RequestTimeout = Time(section, "RequestTimeout") ?? options.RequestTimeout;
        options.JoinTimeout = Time(section, "JoinTimeout") ?? options.JoinTimeout;
        var detection = section.GetSection("FailureDetection");
        options.FailureDetection = options.FailureDetection with
        {
            HeartbeatExpiration = Time(detection, "HeartbeatExpiration") ?? options.FailureDetection.HeartbeatExpiration,
            SuspectAfter = Time(detection, "SuspectAfter") ?? options.FailureDetection.SuspectAfter,
            GossipInterval = Time(detection, "GossipInterval") ?? options.FailureDetection.GossipInterval,
        };

        var seeds = section.GetSection("SeedNodes").GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        var consul = section.GetSection("Consul");
        if (seeds.Length > 0 && consul.Exists())
        {
            throw new SwormConfigurationException($"Configuration {SectionName} has both SeedNodes and Consul; choose one way for members to find each other.");
        }

        if (seeds.Length > 0)
        {
            options.Membership = new SeedNodeMembership(seeds);
        }
        else if (consul.Exists())
        {
            options.Membership = Consul(consul);
        }
    }

    private static ConsulMembership Consul(IConfigurationSection consul)
    {
        var address = consul["Address"] ?? throw Invalid("Consul:Address", "(missing)", "the agent's URL, e.g. http://127.0.0.1:8500");
        if (!Uri.TryCreate(address, UriKind.Absolute, out var agent))
        {
            throw Invalid("Consul:Address", address, "an absolute URL such as http://127.0.0.1:8500");
        }

        var options = new ConsulMembershipOptions { ServiceName = consul["ServiceName"], Token = consul["Token"] };
        options.Ttl = Time(consul, "Ttl", "Consul:") ?? options.Ttl;
        options.RefreshInterval = Time(consul, "RefreshInterval", "Consul:") ?? options.RefreshInterval;
        options.DeregisterCriticalServiceAfter = Time(consul, "DeregisterCriticalServiceAfter", "Consul:") ?? options.DeregisterCriticalServiceAfter;
        options.BlockingWait = Time(consul, "BlockingWait", "Consul:") ?? options.BlockingWait;
        options.StartupTimeout = Time(consul, "StartupTimeout", "Consul:") ?? options.StartupTimeout;
        return new ConsulMembership(agent, options);
    }

    private static (string Host, int Port) Address(string value, string key, bool portRequired)
    {
        if (HostPort.TryParse(value, out var host, out var port))
        {
            return (host, port);
        }

        if (!portRequired && !value.Contains(':', StringComparison.Ordinal) && value.Trim().Length > 0)
        {
            return (value.Trim(), 0);
        }

        throw Invalid(key, value, portRequired ? "host:port, e.g. 0.0.0.0:4020" : "host or host:port, e.g. 10.0.0.5 or 10.0.0.5:4020");
    }

    private static TimeSpan? Time(IConfigurationSection section, string key, string prefix = "")
    {
        if (section[key] is not { } text)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(prefix + (section.Path.EndsWith("FailureDetection", StringComparison.Ordinal) ? "FailureDetection:" : "") + key, text, "a time span such as 00:00:05");
    }

    private static SwormConfigurationException Invalid(string key, string value, string expected) =>
        new($"Configuration {SectionName}:{key} is '{value}'; expected {expected}.");
}
