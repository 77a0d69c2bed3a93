namespace Sworm.Membership;

/// <summary>A member stopping gracefully tells each peer, which drops it at once and answers <see cref="LeaveAck"/>.</summary>
internal sealed record LeaveNotice(string ClusterName, string MemberId);
