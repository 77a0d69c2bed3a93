namespace Sworm.Membership;

/// <summary>
/// Settings of the embedded seed-node membership. The defaults aim at small clusters on a LAN or loopback:
/// a crashed member (process gone, port closed) is removed in about <see cref="SuspectAfter"/> plus one probe,
/// a silent one (partition, frozen process) after <see cref="HeartbeatExpiration"/>.
/// </summary>
/// <param name="Seeds">
/// "host:port" addresses of members to join through. Empty: this member starts a new cluster.
/// This member's own address may appear in the list (it is skipped; see <see cref="SeedNodeProvider"/>).
/// </param>
internal sealed record SeedNodeOptions(IReadOnlyList<string> Seeds)
{
    /// <summary>Creates options with no seeds: the member starts a new cluster.</summary>
    public SeedNodeOptions() : this(Array.Empty<string>()) { }

    /// <summary>
    /// How often each member sends its view to every other member. Full mesh: the cost is
    /// members² small messages per interval, negligible for the tens of members Sworm targets.
    /// </summary>
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Silence after which a member is probed with a TCP connect. Four missed gossip rounds: long enough
    /// not to probe on a GC pause, short enough that a kill -9 is noticed well within 2 s.
    /// </summary>
    public TimeSpan SuspectAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a TCP probe may take. On loopback and LANs a refused connect comes back in microseconds;
    /// a probe that times out says nothing (the packets may be dropped), so it only keeps the member suspect.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Silence after which a member is removed even though its port still accepts connections (or cannot be
    /// reached at all): partitions and frozen processes. Longer than <see cref="SuspectAfter"/> because this
    /// path has no strong evidence, only absence of news.
    /// </summary>
    public TimeSpan HeartbeatExpiration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>StartMemberAsync</c> keeps trying the seeds before it fails.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Timeout of one join request to one seed. A live seed answers in milliseconds; a short timeout matters when
    /// the seed's reply is dropped (Proto refuses an address for 3 s after a member at that address left, e.g. a
    /// restart on a fixed port), so the next attempt comes soon.
    /// </summary>
    public TimeSpan JoinAttemptTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of other requests (local requests to the membership actor).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the id of a dead or departed member is remembered so that stale views cannot bring it back.
    /// Every member drops a dead id within seconds, so minutes are plenty; pruning keeps memory flat under churn.
    /// </summary>
    public TimeSpan TombstoneRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The value to give Proto's own <c>ClusterConfig.WithHeartbeatExpiration</c>. Proto's heartbeat rides its
    /// gossip (fan-out 3, request timeout 1.5 s), so it is a backstop at twice our expiration: our provider
    /// decides, Proto only steps in if the membership actor itself is stuck. Zero (Proto's default) would
    /// disable the backstop.
    /// </summary>
    public TimeSpan ProtoHeartbeatExpiration => HeartbeatExpiration * 2;

    /// <summary>Throws when a setting makes no sense, so a typo fails at start rather than as a flapping cluster.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Seeds);
        foreach (var seed in Seeds)
        {
            if (!SeedAddress.TryParse(seed, out _, out _))
                throw new ArgumentException($"Seed address '{seed}' is not of the form host:port.", nameof(Seeds));
        }
        if (GossipInterval <= TimeSpan.Zero) throw new ArgumentException("GossipInterval must be positive.", nameof(GossipInterval));
        if (SuspectAfter < GossipInterval * 2)
            throw new ArgumentException("SuspectAfter must be at least two gossip intervals, or healthy members get probed all the time.", nameof(SuspectAfter));
        if (HeartbeatExpiration < SuspectAfter)
            throw new ArgumentException("HeartbeatExpiration must not be shorter than SuspectAfter.", nameof(HeartbeatExpiration));
        if (JoinTimeout <= TimeSpan.Zero) throw new ArgumentException("JoinTimeout must be positive.", nameof(JoinTimeout));
        if (JoinAttemptTimeout <= TimeSpan.Zero) throw new ArgumentException("JoinAttemptTimeout must be positive.", nameof(JoinAttemptTimeout));
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException("RequestTimeout must be positive.", nameof(RequestTimeout));
        if (ProbeTimeout <= TimeSpan.Zero) throw new ArgumentException("ProbeTimeout must be positive.", nameof(ProbeTimeout));
    }
}
