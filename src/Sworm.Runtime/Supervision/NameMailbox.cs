using Proto.Mailbox;

namespace Sworm.Supervision;

/// <summary>
/// The mailbox of the two actors every name has (its delegate and its worker). Proto's default mailbox keeps user
/// messages in a <c>ConcurrentQueue</c>, whose first segment (32 slots, about 0.6 KB) exists from the spawn on, busy or
/// idle; with hundreds of thousands of mostly idle names that is a third of a name's heap. Proto's own locking queue
/// (the one its default mailbox uses for system messages) starts at a few slots and grows only under a burst. A name's
/// actors have few concurrent senders, so the lock is uncontended (measured by <c>bench</c>: heap per name and request
/// rates against raw Proto.Cluster).
/// </summary>
internal static class NameMailbox
{
    private const int SystemSlots = 4;
    private const int UserSlots = 4;

    public static IMailbox Create() =>
        new DefaultMailbox(new LockingUnboundedMailboxQueue(SystemSlots), new LockingUnboundedMailboxQueue(UserSlots));
}
