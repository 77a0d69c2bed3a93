using Proto.Mailbox;

namespace Sworm.Supervision;

/// <summary>
/// One queue of a name mailbox (<see cref="NameMailbox"/>): a ring buffer under a lock on itself, so a queue is one
/// small object plus its slots. Proto's <c>LockingUnboundedMailboxQueue</c> is four objects (itself, its lock object, a
/// <c>Queue&lt;object&gt;</c> and the queue's array, about 160 B), and a name has four queues. The slots are allocated on
/// the first message; a queue made with <c>releaseWhenEmpty</c> (the system messages: a start, a stop, a watch, rarely
/// anything after) gives them back whenever it drains, the user queue keeps them, so a request allocates nothing here.
/// Safe for many producers and one consumer (Proto's mailbox contract); the count is read without the lock, as
/// Proto's own queues do, to decide whether to schedule the mailbox.
/// </summary>
internal sealed class NameMailboxQueue(int initialSlots, bool releaseWhenEmpty) : IMailboxQueue
{
    private object?[]? _slots;
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Length => Volatile.Read(ref _count);

    public void Push(object message)
    {
        // Locking on this: the queue is internal and never handed out, so no one else can take this lock.
        lock (this)
        {
            var slots = _slots ??= new object?[initialSlots];
            if (_count == slots.Length)
            {
                slots = Grow(slots);
            }

            slots[(_head + _count) & (slots.Length - 1)] = message;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public object? Pop()
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return null;
        }

        lock (this)
        {
            if (_count == 0)
            {
                return null;
            }

            var slots = _slots!;
            var message = slots[_head];
            slots[_head] = null;
            _head = (_head + 1) & (slots.Length - 1);
            Volatile.Write(ref _count, _count - 1);
            if (_count == 0)
            {
                _head = 0;
                if (releaseWhenEmpty)
                {
                    _slots = null;
                }
            }

            return message;
        }
    }

    /// <summary>Doubles the slots (a power of two, so an index wraps with a mask), oldest message first.</summary>
    private object?[] Grow(object?[] slots)
    {
        var grown = new object?[slots.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = slots[(_head + i) & (slots.Length - 1)];
        }

        _head = 0;
        _slots = grown;
        return grown;
    }
}
