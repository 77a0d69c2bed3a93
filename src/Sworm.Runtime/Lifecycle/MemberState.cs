namespace Sworm.Lifecycle;

/// <summary>Where a member is in its life; Sworm calls are served only while it is <see cref="Running"/>.</summary>
internal enum MemberState
{
    NotStarted,
    Starting,
    Running,
    Stopping,
    Stopped,
}
