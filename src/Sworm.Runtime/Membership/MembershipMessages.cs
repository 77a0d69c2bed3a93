// The membership actor's messages: gossip between members (views, joins, leave notices) and local requests.
// Plain records of strings and MemberInfo: Proto's JSON serializer carries them, protobuf types it refuses.
namespace Sworm.Membership;

/// <summary>
/// One member's view, sent to every other member each gossip interval and returned by a join.
/// Receiving it is also the heartbeat: it proves the sender is alive and can reach us.
/// </summary>
/// <param name="ClusterName">Views from another cluster that happens to share a seed address are ignored.</param>
/// <param name="SenderId">The member whose view this is; it is always among <paramref name="Members"/>.</param>
/// <param name="Members">Members the sender believes alive, itself included.</param>
/// <param name="Tombstones">Ids the sender knows to be dead or gone; they win over any view that still lists them.</param>
internal sealed record MembershipView(string ClusterName, string SenderId, MemberInfo[] Members, string[] Tombstones);

/// <summary>Sent by a starting member to a seed; the seed answers with a <see cref="JoinReply"/>.</summary>
internal sealed record JoinRequest(MembershipView View);

/// <summary>
/// A seed's answer to <see cref="JoinRequest"/>. When accepted, <paramref name="View"/> is the seed's whole view,
/// already including the joiner, so the joiner knows every member as soon as its start returns.
/// </summary>
internal sealed record JoinReply(bool Accepted, string? Reason, MembershipView? View);

/// <summary>
/// A member about to leave gracefully tells each peer first, before Proto gossips its leave: the peer marks the leave
/// as graceful, whatever removes the member next (its <see cref="LeaveNotice"/>, Proto's "Gracefully left" or
/// "Blocked via gossip", a probe of its closed port), and answers <see cref="LeaveAck"/>. It removes nothing yet: a
/// peer that drops the leaver makes Proto block it, and the answer would be dropped with it.
/// </summary>
internal sealed record LeaveIntent(string ClusterName, string MemberId);

/// <summary>A member stopping gracefully tells each peer, which drops it at once (a plain message: no answer).</summary>
internal sealed record LeaveNotice(string ClusterName, string MemberId);

/// <summary>
/// Confirms a <see cref="LeaveIntent"/>. The leaver waits for it (with a timeout) so that every peer knows of the leave
/// before Proto gossips it.
/// </summary>
internal sealed record LeaveAck(string MemberId);

/// <summary>
/// Local message sent once the join succeeded: merge the seed's view (none when starting a new cluster) and
/// from now on publish the topology to Proto and gossip. Answered with the resulting view.
/// </summary>
internal sealed record Activate(MembershipView? SeedView);

/// <summary>
/// Local message at graceful shutdown: stop gossiping and detecting (so the leaver never removes the members it is
/// leaving) and answer with the view, whose members are then told <see cref="LeaveIntent"/> and <see cref="LeaveNotice"/>.
/// </summary>
internal sealed record BeginLeave
{
    public static readonly BeginLeave Instance = new();
}

/// <summary>Local timer message: detect failures, publish the topology, send our view to every member.</summary>
internal sealed record GossipTick
{
    public static readonly GossipTick Instance = new();
}

/// <summary>
/// Local message: Proto blocked a member (graceful-leave gossip, its own heartbeat expiry, a block spread by
/// gossip). Proto never lets a blocked id back, so our view drops it too and keeps the two in agreement.
/// </summary>
internal sealed record PeerBlocked(string MemberId, string Reason);

/// <summary>Local request for the actor's current <see cref="MembershipView"/> (used to build join requests).</summary>
internal sealed record MembershipViewRequest
{
    public static readonly MembershipViewRequest Instance = new();
}
