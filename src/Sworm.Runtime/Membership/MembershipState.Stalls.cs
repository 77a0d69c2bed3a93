namespace Sworm.Membership;

internal sealed partial class MembershipState
{
    /// <summary>
    /// This process could not run for <paramref name="stall"/> (see <see cref="ProcessStallMonitor"/>): moves every
    /// peer's last-heard time forward by that much (never past now), so silence is counted only while this member
    /// could have heard its peers. A peer that is really gone is still removed once the process runs again (or at
    /// once by a refused probe).
    /// </summary>
    public void CreditLocalStall(TimeSpan stall)
    {
        if (stall <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetTimestamp();
        var credit = (long)(stall.TotalSeconds * time.TimestampFrequency);
        foreach (var peer in _peers.Values)
        {
            peer.LastHeard = Math.Min(now, peer.LastHeard + credit);
        }
    }
}
