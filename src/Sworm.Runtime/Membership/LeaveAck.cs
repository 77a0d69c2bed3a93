namespace Sworm.Membership;

/// <summary>
/// Confirms a <see cref="LeaveNotice"/>. The leaver waits for it (with a timeout) so that the notice is delivered
/// before its remoting shuts down.
/// </summary>
internal sealed record LeaveAck(string MemberId);
