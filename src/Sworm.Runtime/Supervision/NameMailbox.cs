using Proto.Mailbox;

namespace Sworm.Supervision;

/// <summary>
/// The mailbox of a name's worker (the one actor a name has). Proto's default mailbox keeps user
/// messages in a <c>ConcurrentQueue</c>, whose first segment (32 slots, about 0.6 KB) exists from the spawn on, busy or
/// idle; with hundreds of thousands of mostly idle names that was a third of a name's heap. Proto's own locking queue
/// is four objects per queue; <see cref="NameMailboxQueue"/> is one, with its slots made on the first message (and the
/// system queue's given back when it drains). A worker has few concurrent senders, so the lock is
/// uncontended (measured by <c>bench</c>: heap per name and request rates against raw Proto.Cluster).
/// </summary>
internal static class NameMailbox
{
    private const int Slots = 4; // a power of two

    public static IMailbox Create() =>
        new DefaultMailbox(new NameMailboxQueue(Slots, releaseWhenEmpty: true), new NameMailboxQueue(Slots, releaseWhenEmpty: false));
}
