namespace Sworm;

/// <summary>
/// How a member notices that another one is gone, whatever the membership provider (seed nodes or Consul). The
/// defaults aim at small clusters on a LAN or loopback: a crashed member (process gone, port closed) is removed in
/// about <see cref="SuspectAfter"/> plus one probe; a silent one (partition, frozen process) after
/// <see cref="HeartbeatExpiration"/>. Set through <c>WithFailureDetection(...)</c>.
/// </summary>
public sealed record FailureDetectionOptions
{
    /// <summary>
    /// How often each member sends its view and heartbeat to every other member. Default 250 ms. Full mesh: the cost
    /// is members² small messages per interval, negligible for the tens of members Sworm targets.
    /// </summary>
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Silence after which a member is probed with a TCP connect; a refused connection removes it at once. Default 1 s:
    /// four missed gossip rounds, long enough not to probe on a GC pause, short enough that a kill -9 is noticed well
    /// within 2 s. At least two gossip intervals.
    /// </summary>
    public TimeSpan SuspectAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a TCP probe may take. Default 500 ms. On loopback and LANs a refused connect comes back in
    /// microseconds; a probe that times out says nothing (packets may be dropped), so it only keeps the member suspect.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Silence after which a member is removed even though its port still accepts connections (or cannot be reached
    /// at all): partitions and frozen processes. Default 5 s; not shorter than <see cref="SuspectAfter"/>.
    /// </summary>
    public TimeSpan HeartbeatExpiration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The value given to Proto's own <c>ClusterConfig.WithHeartbeatExpiration</c>: zero, which turns Proto's heartbeat
    /// expiry off. It rides Proto's gossip (which can lag) and blocks peers on weaker evidence than Sworm's detector;
    /// worse, on a member that was paused (GC, SIGSTOP) it blocks every peer at once on resume, and the first Proto
    /// connection from such a member hands its block list to the member it reaches and takes that one down too
    /// (docs/partitions.md). Sworm's detector, which knows when its own member was paused, decides alone.
    /// </summary>
    internal TimeSpan ProtoHeartbeatExpiration => TimeSpan.Zero;
}
