namespace Sworm.Membership;

/// <summary>Sent by a starting member to a seed; the seed answers with a <see cref="JoinReply"/>.</summary>
internal sealed record JoinRequest(MembershipView View);
