using System.Diagnostics;

namespace Sworm.Membership;

/// <summary>What the membership actor knows about one other live member. Mutated only by that actor.</summary>
internal sealed class PeerState(MemberInfo info, long lastHeard)
{
    public MemberInfo Info { get; } = info;

    /// <summary>
    /// <see cref="Stopwatch"/> timestamp of the last view received from this member itself. Only direct news
    /// counts: hearing about a member from a third one says nothing about whether we can reach it.
    /// </summary>
    public long LastHeard { get; set; } = lastHeard;

    public bool Probing { get; set; }

    public long LastProbeStarted { get; set; }
}
