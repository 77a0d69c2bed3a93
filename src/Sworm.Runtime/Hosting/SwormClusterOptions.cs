using Proto.Cluster.Identity;
using Sworm.Configuration;
using Sworm.Membership;

namespace Sworm;

/// <summary>How this member joins and talks to the cluster. Set through <see cref="SwormClusterBuilder"/>.</summary>
public sealed class SwormClusterOptions
{
    /// <summary>The cluster's name; members only join members of the same name. Default "sworm".</summary>
    public string ClusterName { get; set; } = "sworm";

    /// <summary>The host to listen on and advertise. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free port (read it from <c>ActorSystem.Address</c> after start).</summary>
    public int Port { get; set; }

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

    /// <summary>Proto's identity lookup; null for <c>PartitionIdentityLookup</c> (activations never move on join).</summary>
    internal Func<IIdentityLookup>? IdentityLookup { get; set; }

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

        SwormOptionsValidator.Positive(RequestTimeout, "RequestTimeout (WithRequestTimeout)");
        SwormOptionsValidator.Positive(JoinTimeout, "JoinTimeout");
        if (StaticQuorum < 0)
        {
            throw new SwormConfigurationException($"The static quorum must be 0 (none) or a number of members, not {StaticQuorum}: call WithStaticQuorum(3) for a cluster of 5.");
        }

        SwormOptionsValidator.Validate(FailureDetection);
        Membership.Validate();
    }
}
