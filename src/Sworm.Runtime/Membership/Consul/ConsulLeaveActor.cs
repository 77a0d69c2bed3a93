using Proto;
using Proto.Cluster;

namespace Sworm.Membership.Consul;

/// <summary>
/// A Consul member's answer to a peer's <see cref="LeaveIntent"/> (<see cref="LeaveIntents"/>), under the well-known name
/// the seed-node membership uses (<see cref="MembershipActor.ActorName"/>): it marks the leave as graceful while the
/// leaver is still a member, so its removal (Consul's list, or Proto's "Gracefully left" / "Blocked via gossip") is a
/// <c>MemberLeft</c>, and answers <see cref="LeaveAck"/>. Consul itself says nothing of why an instance went away.
/// </summary>
internal sealed class ConsulLeaveActor(Cluster cluster) : IActor
{
    public Task ReceiveAsync(IContext context)
    {
        if (context.Message is LeaveIntent intent)
        {
            if (intent.ClusterName == cluster.Config.ClusterName && cluster.MemberList.ContainsMemberId(intent.MemberId))
            {
                cluster.System.EventStream.Publish(new MemberLeftGracefully(intent.MemberId));
            }

            if (context.Sender is not null)
            {
                context.Respond(new LeaveAck(cluster.System.Id)); // a plain intent (Proto already gossips the leave) wants none
            }
        }

        return Task.CompletedTask;
    }
}
