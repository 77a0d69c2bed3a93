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

    /// <summary>Seed members (host:port) to join; none means this member starts a new cluster.</summary>
    public IList<string> SeedNodes { get; } = new List<string>();

    /// <summary>The bounded default timeout of every Sworm call. Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A member not heard from for this long is removed even if its port still answers (partitions, frozen processes). Default 5 s.</summary>
    public TimeSpan HeartbeatExpiration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often members exchange membership and heartbeats. Default 250 ms.</summary>
    public TimeSpan GossipInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A member silent for this long is probed; if its port refuses connections it is removed at once. Default 1 s.</summary>
    public TimeSpan SuspectAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long joining may take before the member fails to start. Default 10 s.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(10);

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

        foreach (var seed in SeedNodes)
        {
            if (!HostPort.TryParse(seed, out _, out _))
            {
                throw new SwormConfigurationException($"Seed node '{seed}' is not host:port (e.g. \"127.0.0.1:4020\").");
            }
        }

        if (RequestTimeout <= TimeSpan.Zero || HeartbeatExpiration <= TimeSpan.Zero || GossipInterval <= TimeSpan.Zero
            || SuspectAfter <= TimeSpan.Zero || JoinTimeout <= TimeSpan.Zero)
        {
            throw new SwormConfigurationException("Timeouts and intervals of the cluster options must be positive.");
        }
    }
}
