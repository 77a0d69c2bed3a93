using System.Threading.Channels;

namespace Sworm.Diagnostics;

/// <summary>
/// One member's events: the newest <see cref="Capacity"/> kept for <c>RecentEvents</c>, and every one delivered to
/// the subscribers. Publishing never blocks and never runs subscriber code: events are raised inside actor mailboxes
/// and inside Proto's member-list lock, so subscribers are called one event at a time from a background loop.
/// </summary>
internal sealed class SwormEventHub : IAsyncDisposable
{
    public const int Capacity = 256;

    private readonly object _gate = new();
    private readonly Queue<SwormEvent> _recent = new(Capacity);
    private readonly Channel<SwormEvent> _pending = Channel.CreateUnbounded<SwormEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _delivery;
    private Action<SwormEvent>[] _subscribers = [];

    public SwormEventHub(Action<Exception> subscriberFailed)
    {
        _delivery = Task.Run(() => Deliver(subscriberFailed));
    }

    public void Publish(SwormEvent e)
    {
        lock (_gate)
        {
            if (_recent.Count == Capacity)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(e);
        }

        if (_subscribers.Length > 0)
        {
            _pending.Writer.TryWrite(e);
        }
    }

    /// <summary>The newest events, oldest first.</summary>
    public IReadOnlyList<SwormEvent> Recent()
    {
        lock (_gate)
        {
            return _recent.ToArray();
        }
    }

    /// <summary>Calls <paramref name="onEvent"/> for every event published from now on, until the result is disposed.</summary>
    public IDisposable Subscribe(Action<SwormEvent> onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onEvent];
        }

        return new Subscription(this, onEvent);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _delivery.ConfigureAwait(false);
    }

    private async Task Deliver(Action<Exception> subscriberFailed)
    {
        await foreach (var e in _pending.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var subscriber in _subscribers)
            {
                try
                {
                    subscriber(e);
                }
                catch (Exception failure)
                {
                    subscriberFailed(failure);
                }
            }
        }
    }

    private void Unsubscribe(Action<SwormEvent> onEvent)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, onEvent));
        }
    }

    private sealed class Subscription(SwormEventHub hub, Action<SwormEvent> onEvent) : IDisposable
    {
        public void Dispose() => hub.Unsubscribe(onEvent);
    }
}
