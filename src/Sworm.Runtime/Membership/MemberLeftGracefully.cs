using Proto.Cluster;
using Proto.Remote;

namespace Sworm.Membership;

/// <summary>
/// Published on the member's Proto event stream by the membership provider when a member announced its leave,
/// before the topology without it is published, so <see cref="MemberEvents"/> tells a leave from a failure.
/// Both providers publish it (a peer's <see cref="LeaveIntent"/> or <see cref="LeaveNotice"/>, Proto's graceful block).
/// </summary>
internal sealed record MemberLeftGracefully(string MemberId)
{
    /// <summary>
    /// A member Proto's gossip blocked as "Gracefully left" while it is still listed is marked now, on the thread that
    /// blocked it, before any removal: a removal without the mark reported the leave as a crash (<c>MemberRemoved</c>).
    /// </summary>
    public static void OnBlocked(Cluster cluster, MemberBlocked blocked)
    {
        if (blocked.Reason == MembershipActor.ProtoGracefullyLeft && cluster.MemberList.ContainsMemberId(blocked.MemberId))
        {
            cluster.System.EventStream.Publish(new MemberLeftGracefully(blocked.MemberId));
        }
    }
}
