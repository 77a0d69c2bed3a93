using Sworm.Membership;
using Sworm.Membership.Consul;

namespace Sworm;

/// <summary>Configures how this member joins the cluster: <c>services.AddSworm(cluster => cluster.WithClusterName(…).UseSeedNodes(…))</c>.</summary>
public sealed class SwormClusterBuilder
{
    internal SwormClusterBuilder(SwormClusterOptions options) => Options = options;

    /// <summary>The options being built.</summary>
    public SwormClusterOptions Options { get; }

    /// <summary>The cluster's name; members only join members of the same name.</summary>
    public SwormClusterBuilder WithClusterName(string clusterName)
    {
        Options.ClusterName = clusterName;
        return this;
    }

    /// <summary>Listen on <paramref name="host"/>:<paramref name="port"/> (port 0 = any free port).</summary>
    public SwormClusterBuilder BindTo(string host, int port = 0)
    {
        Options.Host = host;
        Options.Port = port;
        return this;
    }

    /// <summary>
    /// The address the other members use to reach this one, when it differs from where it listens: a container's or
    /// pod's IP, a NAT address. Needed when listening on 0.0.0.0 (or ::), which is not an address anyone can connect to
    /// (<see cref="SwormConfigurationException"/> when the host starts otherwise).
    /// </summary>
    /// <param name="host">This member's reachable IP or DNS name.</param>
    /// <param name="port">The reachable port when it is mapped (null: the port listened on).</param>
    public SwormClusterBuilder AdvertiseAs(string host, int? port = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        Options.AdvertisedHost = host;
        Options.AdvertisedPort = port;
        return this;
    }

    /// <summary>
    /// Join the cluster through these members (host:port), Sworm's embedded membership. None: this member starts a new
    /// cluster. This member's own address may be listed (it is skipped; listed first, it founds the cluster when no
    /// other seed answers). Validated when the host starts (<see cref="SwormConfigurationException"/>).
    /// </summary>
    public SwormClusterBuilder UseSeedNodes(params string[] hostPorts)
    {
        ArgumentNullException.ThrowIfNull(hostPorts);
        Options.Membership = new SeedNodeMembership(hostPorts.ToArray());
        return this;
    }

    /// <summary>
    /// Join the cluster through a Consul agent (production membership): this member registers itself as an instance of
    /// service <see cref="ConsulMembershipOptions.ServiceName"/> (default: the cluster name) with a TTL check it keeps
    /// passing, and learns the others from blocking <c>health/service</c> queries. Sworm's own detector still removes a
    /// crashed member in about a second. Validated when the host starts (<see cref="SwormConfigurationException"/> naming
    /// the setting); an agent that cannot be reached within <see cref="ConsulMembershipOptions.StartupTimeout"/> fails the
    /// start with <see cref="SwormUnavailableException"/>. See docs/consul.md.
    /// </summary>
    /// <param name="agentAddress">The agent's HTTP address, e.g. <c>http://127.0.0.1:8500</c>.</param>
    /// <param name="configure">Sets TTL, refresh interval, token and the other options.</param>
    public SwormClusterBuilder UseConsul(Uri agentAddress, Action<ConsulMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(agentAddress);
        var options = new ConsulMembershipOptions();
        configure?.Invoke(options);
        Options.Membership = new ConsulMembership(agentAddress, options);
        return this;
    }

    /// <summary>
    /// Failure detection: remove a silent member after <paramref name="heartbeatExpiration"/> (default 5 s); probe one
    /// silent for <paramref name="suspectAfter"/> (default 1 s) and remove it at once if its port refuses connections.
    /// Validated when the host starts (<see cref="SwormConfigurationException"/>).
    /// </summary>
    public SwormClusterBuilder WithFailureDetection(TimeSpan heartbeatExpiration, TimeSpan? suspectAfter = null)
    {
        Options.FailureDetection = Options.FailureDetection with
        {
            HeartbeatExpiration = heartbeatExpiration,
            SuspectAfter = suspectAfter ?? Options.FailureDetection.SuspectAfter,
        };
        return this;
    }

    /// <summary>
    /// CP mode, like Swarm's <c>static_quorum_size</c>: a member that sees fewer than <paramref name="members"/> live
    /// members (itself included) refuses <c>RegisterName</c> and <c>WhereIsOrRegisterName</c> with
    /// <see cref="SwormUnavailableException"/> and stops its supervised workers, which the side that has quorum
    /// restarts; back at quorum it serves again. Use a majority of the cluster's size (3 of 5). Default: no quorum (AP).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="members"/> is less than 1.</exception>
    public SwormClusterBuilder WithStaticQuorum(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        Options.StaticQuorum = members;
        return this;
    }

    /// <summary>The bounded default timeout of every Sworm call.</summary>
    public SwormClusterBuilder WithRequestTimeout(TimeSpan timeout)
    {
        Options.RequestTimeout = timeout;
        return this;
    }
}
