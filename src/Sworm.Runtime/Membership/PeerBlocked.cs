namespace Sworm.Membership;

/// <summary>
/// Local message: Proto blocked a member (graceful-leave gossip, its own heartbeat expiry, a block spread by
/// gossip). Proto never lets a blocked id back, so our view drops it too and keeps the two in agreement.
/// </summary>
internal sealed record PeerBlocked(string MemberId, string Reason);
