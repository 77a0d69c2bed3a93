using Sworm.Membership;

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
