namespace Sworm.Membership;

/// <summary>
/// A member this member removed because its heartbeat expired (a partition or a frozen process, never a refused
/// probe or a leave). Kept, with the membership just before, so that when its port answers again the two sides can
/// decide who rejoins (<see cref="MergeRule"/>). Mutated only by the membership actor.
/// </summary>
internal sealed class LostMember(MemberInfo info, long lostAt, IReadOnlyList<MemberInfo> before)
{
    public MemberInfo Info { get; } = info;

    /// <summary>Timestamp of the removal.</summary>
    public long LostAt { get; } = lostAt;

    /// <summary>The membership (this member included) just before the removal.</summary>
    public IReadOnlyList<MemberInfo> Before { get; } = before;

    public bool Probing { get; set; }

    public long LastProbeStarted { get; set; }

    /// <summary>Whether the latest TCP probe found the port listening.</summary>
    public bool Listening { get; set; }

    /// <summary>Timestamp since which every probe found it listening (0: not listening).</summary>
    public long ListeningSince { get; set; }
}
