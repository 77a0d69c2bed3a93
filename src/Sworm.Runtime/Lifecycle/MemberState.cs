namespace Sworm.Lifecycle;

/// <summary>Where a member is in its life; Sworm calls are served only while it is <see cref="Running"/>.</summary>
internal enum MemberState
{
    NotStarted,
    Starting,
    Running,

    /// <summary>The cluster removed this member (frozen process, healed partition); it comes back under a new identity.</summary>
    Rejoining,
    Stopping,
    Stopped,
}
