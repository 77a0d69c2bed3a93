using Sworm.Configuration;
using Sworm.Membership;

namespace Sworm;

/// <summary>How this member joins and talks to the cluster. Set through <see cref="SwormClusterBuilder"/>.</summary>
public sealed class SwormClusterOptions
{
    /// <summary>The cluster's name; members only join members of the same name. Default "sworm".</summary>
    public string ClusterName { get; set; } = "sworm";

    /// <summary>The host to listen on (and to advertise, unless <see cref="AdvertisedHost"/> is set). Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free port (read it from <c>ActorSystem.Address</c> after start).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The host the other members use to reach this one (a container's or pod's IP, a NAT address); null: <see cref="Host"/>.
    /// Must be routable: a member bound to 0.0.0.0 must advertise an address.
    /// </summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>The port the other members use (a mapped port); null: the port listened on.</summary>
    public int? AdvertisedPort { get; set; }

    /// <summary>The bounded default timeout of every Sworm call. Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long joining may take before the member fails to start. Default 10 s.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How members notice that another one is gone (any membership provider).</summary>
    public FailureDetectionOptions FailureDetection { get; set; } = new();

    /// <summary>
    /// Static quorum (CP mode): the number of live members, this one included, a member must see to accept registrations
    /// and run supervised workers. 0 (default): no quorum (AP mode). Set with <c>WithStaticQuorum</c>; 0 or more.
    /// </summary>
    public int StaticQuorum { get; set; }

    /// <summary>How members find each other: seed nodes (the default: none, so this member starts a new cluster).</summary>
    internal MembershipChoice Membership { get; set; } = new SeedNodeMembership([]);

    /// <exception cref="SwormConfigurationException">A setting is invalid; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterName))
        {
            throw new SwormConfigurationException("The cluster name must not be empty: call WithClusterName(\"my-app\").");
        }

        if (Port is < 0 or > 65535)
        {
            throw new SwormConfigurationException($"Port {Port} is not a TCP port: use 0 (any free port) to 65535.");
        }

        var advertised = AdvertisedHost ?? Host;
        if (IsUnroutable(advertised))
        {
            throw new SwormConfigurationException(AdvertisedHost is null
                ? $"This member listens on {Host}, which other members cannot connect to, and advertises no other address. " +
                  "Call AdvertiseAs(\"<this host's IP or DNS name>\") (configuration: Sworm:Cluster:Advertise), e.g. the container's or pod's IP."
                : $"AdvertiseAs(\"{AdvertisedHost}\") is not an address other members can connect to; advertise this host's IP or DNS name.");
        }

        if (AdvertisedPort is < 1 or > 65535)
        {
            throw new SwormConfigurationException($"Advertised port {AdvertisedPort} is not a TCP port: use 1 to 65535 (or none to advertise the port listened on).");
        }

        SwormOptionsValidator.Positive(RequestTimeout, "RequestTimeout (WithRequestTimeout)");
        SwormOptionsValidator.Positive(JoinTimeout, "JoinTimeout");
        if (StaticQuorum < 0)
        {
            throw new SwormConfigurationException($"The static quorum must be 0 (none) or a number of members, not {StaticQuorum}: call WithStaticQuorum(3) for a cluster of 5.");
        }

        SwormOptionsValidator.Validate(FailureDetection);
        Membership.Validate();
    }

    private static bool IsUnroutable(string host) =>
        host.Trim('[', ']') is "0.0.0.0" or "::" or "*" or "+" or "" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && (ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any)));
}
