using System.Collections;
using System.Reflection;
using Proto;
using Proto.Cluster;
using Proto.Remote;

namespace Sworm.Membership;

/// <summary>
/// Removes Proto 1.8.0's own <see cref="MemberBlocked"/> handler from a member's event stream.
///
/// Why: that handler (in <c>MemberList</c>'s constructor) runs on the thread pool and calls
/// <c>UpdateClusterTopology(_activeMembers.Members)</c>, reading the active set outside MemberList's lock. When it
/// reads the set just before this member's membership publishes a new one (a joiner learning old blocked ids by
/// gossip while it publishes its first topology), it re-applies the stale set afterwards: every member missing
/// from it counts as "left" and is blocked for good, the block spreads by gossip, and healthy members shut down.
/// Seen about once in 30 join/leave cycles (tests/Sworm.Cluster.Tests/Churn). Sworm's membership actor does the
/// same job race-free: it already removes a blocked peer and publishes, from one mailbox, and it shuts the member
/// down when its own id is blocked.
/// </summary>
internal static class ProtoBlockedHandler
{
    /// <summary>Unsubscribes the handler; false when this Proto version's event stream does not look as expected.</summary>
    public static bool Detach(Cluster cluster)
    {
        var field = typeof(EventStream<object>).GetField("_subscriptions", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(cluster.System.EventStream) is not IDictionary subscriptions)
        {
            return false;
        }

        var detached = false;
        foreach (var subscription in subscriptions.Values.Cast<EventStreamSubscription<object>>().ToArray())
        {
            if (WrapsMemberListHandler(subscription, cluster.MemberList))
            {
                subscription.Unsubscribe();
                detached = true;
            }
        }

        return detached;
    }

    /// <summary>Subscribe&lt;MemberBlocked&gt; wraps the handler in a closure; the handler's target is the MemberList.</summary>
    private static bool WrapsMemberListHandler(EventStreamSubscription<object> subscription, MemberList memberList)
    {
        var wrapper = subscription.Action.Target;
        if (wrapper is null)
        {
            return false;
        }

        foreach (var captured in wrapper.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (captured.GetValue(wrapper) is Action<MemberBlocked> handler && ReferenceEquals(handler.Target, memberList))
            {
                return true;
            }
        }

        return false;
    }
}
