namespace Sworm.Membership;

/// <summary>
/// Published on the member's Proto event stream by the membership provider when a member announced its leave,
/// before the topology without it is published, so <see cref="MemberEvents"/> tells a leave from a failure.
/// A membership provider that knows of graceful leaves (seed nodes now, Consul next) publishes it.
/// </summary>
internal sealed record MemberLeftGracefully(string MemberId);
