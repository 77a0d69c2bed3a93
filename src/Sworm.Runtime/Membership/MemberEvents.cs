using Proto.Cluster;
using Sworm.Diagnostics;

namespace Sworm.Membership;

/// <summary>
/// Turns Proto's topology changes into Sworm's membership events: a member that appears is <see cref="MemberJoined"/>,
/// one that disappears is <see cref="MemberLeft"/> when its provider announced a graceful leave
/// (<see cref="MemberLeftGracefully"/>) and <see cref="MemberRemoved"/> otherwise (crashed, silent or blocked).
/// Works with any membership provider, since it only reads Proto's <see cref="ClusterTopology"/>.
/// </summary>
internal sealed class MemberEvents
{
    private readonly object _gate = new();
    private readonly HashSet<string> _leaving = new(StringComparer.Ordinal);
    private readonly SwormDiagnostics _diagnostics;

    public MemberEvents(Cluster cluster, SwormDiagnostics diagnostics)
    {
        _diagnostics = diagnostics;
        // The marker comes first: from the leaver's LeaveIntent, acknowledged before Proto's shutdown gossips the leave
        // (SeedNodeProvider.AnnounceLeaveAsync), or on the thread that blocks the member as "Gracefully left". A peer
        // that acknowledged no intent (all three attempts timed out) and hears of the leave second hand reports a crash.
        cluster.System.EventStream.Subscribe<MemberLeftGracefully>(OnGracefulLeave);
        cluster.System.EventStream.Subscribe<ClusterTopology>(OnTopology);
    }

    private void OnGracefulLeave(MemberLeftGracefully leave)
    {
        lock (_gate)
        {
            _leaving.Add(leave.MemberId);
        }
    }

    private void OnTopology(ClusterTopology topology)
    {
        foreach (var joined in topology.Joined)
        {
            _diagnostics.Raise(new MemberJoined(joined.Id, joined.Address));
        }

        foreach (var left in topology.Left)
        {
            bool graceful;
            lock (_gate)
            {
                graceful = _leaving.Remove(left.Id);
            }

            _diagnostics.Raise(graceful
                ? new MemberLeft(left.Id, left.Address)
                : new MemberRemoved(left.Id, left.Address, "removed without a graceful leave (crashed, silent past the heartbeat expiration, or blocked)"));
        }
    }
}
