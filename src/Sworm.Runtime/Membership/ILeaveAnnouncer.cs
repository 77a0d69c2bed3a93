namespace Sworm.Membership;

/// <summary>
/// A membership provider that can announce a graceful leave before Proto's shutdown begins. Proto's
/// <c>Cluster.ShutdownAsync</c> first gossips the leave (<c>cluster:left</c>), and a peer that learns of it second hand
/// (another member's topology, Proto's "Blocked via gossip") removes the leaver before the leaver's own notice arrives,
/// and would report a crash (<c>MemberRemoved</c>) instead of a leave (<c>MemberLeft</c>). The member's graceful stop
/// calls this first, once its workers are stopped and handed off.
/// </summary>
internal interface ILeaveAnnouncer
{
    /// <summary>Tells every peer that this member is leaving gracefully; completes once they confirmed (or timed out). Never throws.</summary>
    Task AnnounceLeaveAsync();
}
