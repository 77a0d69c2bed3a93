using Sworm.Supervision;
using Xunit;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>The name mailbox's queue on its own: order across growth and wrap-around, draining, many producers.</summary>
public sealed class NameMailboxQueueTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Messages_come_out_in_the_order_they_went_in_across_growth_and_wrap_around(bool releaseWhenEmpty)
    {
        var queue = new NameMailboxQueue(4, releaseWhenEmpty);
        var next = 0;
        var expected = 0;
        // Interleaved pushes and pops: the head wraps around the ring, then the ring grows while wrapped.
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < round % 7 + 1; i++)
            {
                queue.Push(next++);
            }

            for (var i = 0; i < round % 5; i++)
            {
                if (queue.Pop() is { } message)
                {
                    Assert.Equal(expected++, message);
                }
            }
        }

        Assert.Equal(next - expected, queue.Length);
        while (queue.Pop() is { } message)
        {
            Assert.Equal(expected++, message);
        }

        Assert.Equal(next, expected);
        Assert.False(queue.HasMessages);
        Assert.Null(queue.Pop());
    }

    [Fact]
    public void A_drained_queue_takes_messages_again()
    {
        var queue = new NameMailboxQueue(4, releaseWhenEmpty: true);
        queue.Push("a");
        Assert.Equal("a", queue.Pop());
        Assert.False(queue.HasMessages);

        queue.Push("b");
        queue.Push("c");

        Assert.True(queue.HasMessages);
        Assert.Equal(2, queue.Length);
        Assert.Equal("b", queue.Pop());
        Assert.Equal("c", queue.Pop());
    }

    [Fact]
    public async Task Many_producers_and_one_consumer_lose_nothing_and_keep_each_producers_order()
    {
        const int producers = 4;
        const int perProducer = 20_000;
        var queue = new NameMailboxQueue(4, releaseWhenEmpty: true);
        var sending = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                queue.Push((p, i));
            }
        })).ToArray();

        var last = Enumerable.Repeat(-1, producers).ToArray();
        var received = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received < producers * perProducer)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {received} messages arrived");
            if (queue.Pop() is (int p, int i))
            {
                Assert.Equal(last[p] + 1, i);
                last[p] = i;
                received++;
            }
        }

        await Task.WhenAll(sending);
        Assert.False(queue.HasMessages);
    }
}
