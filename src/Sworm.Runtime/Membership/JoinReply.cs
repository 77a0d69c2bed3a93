namespace Sworm.Membership;

/// <summary>
/// A seed's answer to <see cref="JoinRequest"/>. When accepted, <paramref name="View"/> is the seed's whole view,
/// already including the joiner, so the joiner knows every member as soon as its start returns.
/// </summary>
internal sealed record JoinReply(bool Accepted, string? Reason, MembershipView? View);
