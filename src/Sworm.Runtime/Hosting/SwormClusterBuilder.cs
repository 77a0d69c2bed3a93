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

    /// <summary>Join the cluster through these members (host:port). None: this member starts a new cluster.</summary>
    public SwormClusterBuilder UseSeedNodes(params string[] hostPorts)
    {
        Options.SeedNodes.Clear();
        foreach (var seed in hostPorts)
        {
            Options.SeedNodes.Add(seed);
        }

        return this;
    }

    /// <summary>Failure detection: remove a silent member after <paramref name="heartbeatExpiration"/>; probe one silent for <paramref name="suspectAfter"/>.</summary>
    public SwormClusterBuilder WithFailureDetection(TimeSpan heartbeatExpiration, TimeSpan? suspectAfter = null)
    {
        Options.HeartbeatExpiration = heartbeatExpiration;
        if (suspectAfter is { } suspect)
        {
            Options.SuspectAfter = suspect;
        }

        return this;
    }

    /// <summary>The bounded default timeout of every Sworm call.</summary>
    public SwormClusterBuilder WithRequestTimeout(TimeSpan timeout)
    {
        Options.RequestTimeout = timeout;
        return this;
    }
}
