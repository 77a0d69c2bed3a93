namespace Sworm.Membership;

/// <summary>Settings of one member's embedded seed-node membership (built from the cluster options by <see cref="SeedNodeMembership"/>).</summary>
/// <param name="Seeds">
/// "host:port" addresses of members to join through. Empty: this member starts a new cluster.
/// This member's own address may appear in the list (it is skipped; see <see cref="SeedNodeProvider"/>).
/// </param>
internal sealed record SeedNodeOptions(IReadOnlyList<string> Seeds)
{
    /// <summary>Creates options with no seeds: the member starts a new cluster.</summary>
    public SeedNodeOptions() : this(Array.Empty<string>()) { }

    /// <summary>Whether this member may start a new cluster when its own address is the first seed (false for a rejoin).</summary>
    public bool MayFound { get; init; } = true;

    /// <summary>Gossip, probing and heartbeat expiry.</summary>
    public FailureDetectionOptions FailureDetection { get; init; } = new();

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
}
