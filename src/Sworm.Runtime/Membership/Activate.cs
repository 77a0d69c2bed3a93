namespace Sworm.Membership;

/// <summary>
/// Local message sent once the join succeeded: merge the seed's view (none when starting a new cluster) and
/// from now on publish the topology to Proto and gossip. Answered with the resulting view.
/// </summary>
internal sealed record Activate(MembershipView? SeedView);
