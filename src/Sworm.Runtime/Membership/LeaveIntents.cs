using Microsoft.Extensions.Logging;
using Proto;

namespace Sworm.Membership;

/// <summary>
/// The acknowledged round of a graceful leave, shared by the membership providers (<see cref="ILeaveAnnouncer"/>): a
/// <see cref="LeaveIntent"/> to every peer's well-known membership actor (<see cref="MembershipActor.ActorName"/>; on
/// Consul members, <c>Consul/ConsulLeaveActor</c>), each waited for up to 500 ms and sent again up to 3 times: on a
/// loaded machine an answer can take longer, and a peer that never got it may report the leave as a crash. A repeated
/// intent is harmless; a dead letter means the peer is gone.
/// </summary>
internal static partial class LeaveIntents
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);
    private const int Attempts = 3;

    /// <summary>Tells every peer (id, address) that this member leaves gracefully; completes once each answered or gave up. Never throws.</summary>
    public static Task SendAsync(IRootContext root, IEnumerable<(string Id, string Address)> peers, LeaveIntent intent, ILogger logger) =>
        Task.WhenAll(peers.Select(async peer =>
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    await root.RequestAsync<LeaveAck>(new PID(peer.Address, MembershipActor.ActorName), intent, Timeout).ConfigureAwait(false);
                    return;
                }
                catch (Exception e)
                {
                    NotAcknowledged(logger, peer.Id, e);
                    if (e is not TimeoutException)
                    {
                        return;
                    }
                }
            }
        }));

    /// <summary>
    /// The same intent as plain messages, answered by no one: for a leave Proto's shutdown is already gossiping, where
    /// peers may have blocked this member and their answers would never come (waiting for them would only delay the leave).
    /// </summary>
    public static void Tell(IRootContext root, IEnumerable<(string Id, string Address)> peers, LeaveIntent intent)
    {
        foreach (var peer in peers)
        {
            root.Send(new PID(peer.Address, MembershipActor.ActorName), intent);
        }
    }

    [LoggerMessage(EventId = Sworm.Diagnostics.SwormEventIds.Membership + 26, Level = LogLevel.Debug, Message = "Member {Id} did not acknowledge the leave intent")]
    private static partial void NotAcknowledged(ILogger logger, string id, Exception exception);
}
