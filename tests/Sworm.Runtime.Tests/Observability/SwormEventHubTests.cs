using Sworm.Diagnostics;

namespace Sworm.Runtime.Tests.Observability;

/// <summary>The member's event hub: bounded recent events, every event to every subscriber, a throwing subscriber isolated.</summary>
public sealed class SwormEventHubTests
{
    [Fact]
    public async Task Recent_events_keep_the_newest_256_oldest_first()
    {
        await using var hub = new SwormEventHub(_ => { });
        for (var i = 0; i < SwormEventHub.Capacity + 10; i++)
        {
            hub.Publish(new MemberJoined("id-" + i, "127.0.0.1:" + i));
        }

        var recent = hub.Recent().Cast<MemberJoined>().Select(e => e.MemberId).ToArray();
        Assert.Equal(SwormEventHub.Capacity, recent.Length);
        Assert.Equal("id-10", recent[0]);
        Assert.Equal("id-" + (SwormEventHub.Capacity + 9), recent[^1]);
    }

    [Fact]
    public async Task A_throwing_subscriber_is_reported_and_the_others_still_get_every_event_in_order()
    {
        var failures = 0;
        await using var hub = new SwormEventHub(_ => Interlocked.Increment(ref failures));
        var received = new List<string>();
        using var throwing = hub.Subscribe(_ => throw new InvalidOperationException("subscriber bug"));
        var subscription = hub.Subscribe(e =>
        {
            lock (received)
            {
                received.Add(((MemberLeft)e).MemberId);
            }
        });
        for (var i = 0; i < 5; i++)
        {
            hub.Publish(new MemberLeft("id-" + i, "a"));
        }

        await Eventually.Until(() =>
        {
            lock (received)
            {
                return received.Count == 5;
            }
        }, "the subscriber to get all five events");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => "id-" + i), received);
        await Eventually.Until(() => Volatile.Read(ref failures) == 5, "five subscriber failures to be reported");

        subscription.Dispose();
        hub.Publish(new MemberLeft("after", "a"));
        await Eventually.Until(() => Volatile.Read(ref failures) == 6, "the remaining subscriber to get the next event");
        lock (received)
        {
            Assert.Equal(5, received.Count);
        }
    }
}
