using Microsoft.Extensions.DependencyInjection;
using Proto;
using Sworm.Hosting;
using Sworm.Supervision.Handoff;
using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Handoff;

/// <summary>Shared steps of the handoff tests: placing counters on a chosen member, asking them, reading the runtime's counters.</summary>
internal static class HandoffKit
{
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Registers counters (through <paramref name="via"/>) until <paramref name="count"/> of them run on
    /// <paramref name="on"/>; the others are unregistered again. Start values are distinct: <c>first + i</c>.
    /// </summary>
    public static Task<Placed[]> CountersOn(SwormClient via, TestMember on, int count, string mode, int first = 1000) =>
        CountersOn(via, on.Address, count, mode, first);

    /// <summary>As above, on the member at <paramref name="address"/> (host:port; for example a member process).</summary>
    public static async Task<Placed[]> CountersOn(SwormClient via, string address, int count, string mode, int first = 1000)
    {
        ArgumentNullException.ThrowIfNull(via);
        var placed = new List<Placed>();
        var elsewhere = new List<string>();
        var next = first;
        while (placed.Count < count)
        {
            var batch = Enumerable.Range(0, Math.Max(64, (count - placed.Count) * 2)).Select(i => (Name: Unique(mode), Start: next + i)).ToArray();
            next += batch.Length;
            var results = new (string Name, int Start, PID Pid)[batch.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Length), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            {
                var result = await via.RegisterName(batch[i].Name, Counter.Spec(mode, batch[i].Start));
                Assert.Equal(RegisterStatus.Started, result.Status);
                results[i] = (batch[i].Name, batch[i].Start, result.Pid);
            });
            foreach (var (name, start, pid) in results)
            {
                if (pid.Address == address && placed.Count < count)
                {
                    placed.Add(new Placed(name, start));
                }
                else
                {
                    elsewhere.Add(name);
                }
            }
        }

        await Parallel.ForEachAsync(elsewhere, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (name, _) => await via.UnregisterName(name));
        return placed.ToArray();
    }

    /// <summary>The runtime client of <paramref name="sworm"/> on <paramref name="member"/> (what its facade calls).</summary>
    public static SwormClient Client(TestMember member, string sworm) => member.Services.GetRequiredService<SwormMember>().Client(sworm);

    public static SwormRuntimeView Runtime(TestMember member, string sworm) =>
        new(member.Services.GetRequiredService<SwormMember>().RuntimeOf(sworm).Handoffs);

    /// <summary>Waits until every counter answers from a member other than <paramref name="left"/> with what <paramref name="accept"/> wants.</summary>
    public static Task<TimeSpan> AllAnswerElsewhere(SwormClient via, IReadOnlyCollection<Placed> counters, string left, Func<Placed, CountIs, bool> accept,
        string whatWeWaitFor, TimeSpan? timeout = null)
    {
        var wrong = new List<string>();
        var done = new HashSet<string>();
        return Eventually.Until(async () =>
        {
            wrong.Clear();
            await Parallel.ForEachAsync(counters.Where(c => !done.Contains(c.Name)).ToArray(), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (counter, _) =>
            {
                try
                {
                    var count = await via.Request<CountIs>(counter.Name, new GetCount(), TimeSpan.FromSeconds(10));
                    lock (done)
                    {
                        if (count.Address != left && accept(counter, count))
                        {
                            done.Add(counter.Name);
                        }
                        else
                        {
                            wrong.Add($"{counter.Name}: {count.Value} on {count.Address} (restored: {count.Restored})");
                        }
                    }
                }
                catch (Exception e) when (e is SwormException or TimeoutException)
                {
                    lock (done)
                    {
                        wrong.Add($"{counter.Name}: {e.GetType().Name}");
                    }
                }
            });
            return done.Count == counters.Count;
        }, timeout ?? TimeSpan.FromSeconds(30), whatWeWaitFor,
            () => $"{counters.Count - done.Count} of {counters.Count} not there yet, e.g. {string.Join("; ", wrong.Take(5))}");
    }

    /// <summary>
    /// Scenario 3's sender: pumps numbered <c>Send</c>s at <paramref name="name"/>, every tenth a <c>NumberedRequest</c>
    /// whose answer must end with its number; at number 300 it calls <paramref name="leave"/> (the returned task ends
    /// when the member is gone) and goes on for 300 more numbers after that. Returns the last number sent and each
    /// Request's latency, with whether it was made while the member was leaving.
    /// </summary>
    public static async Task<(int Last, List<(double Ms, bool DuringLeave)> Requests)> PumpThroughLeave(HandoffProcesses sender, string name, Func<Task> leave)
    {
        var requests = new List<(double Ms, bool DuringLeave)>();
        Task? left = null;
        var number = 0;
        var afterLeave = 0;
        while (afterLeave < 300)
        {
            number++;
            if (number % 10 == 0)
            {
                var sent = System.Diagnostics.Stopwatch.StartNew();
                var answer = await sender.Request<CountIs>(name, new NumberedRequest(number), TimeSpan.FromSeconds(10));
                requests.Add((sent.Elapsed.TotalMilliseconds, left is { IsCompleted: false }));
                Assert.Equal(number, answer.Numbers[^1]);
            }
            else
            {
                Assert.True(await sender.Send(name, new Numbered(number)), $"Send {number}: the name was not found");
            }

            if (number % 5 == 0)
            {
                await Task.Delay(1);
            }

            if (number == 300)
            {
                left = leave();
            }

            if (left is { IsCompleted: true })
            {
                afterLeave++;
            }
        }

        await left!;
        return (number, requests);
    }

    /// <summary>
    /// Asks <c>WhereIsName(<paramref name="name"/>)</c> on every member in <paramref name="members"/> in a loop until
    /// <paramref name="stop"/> is cancelled; every null is recorded with <paramref name="when"/> (the run's moment).
    /// </summary>
    public static Task<string[]> WatchForNulls(IEnumerable<TestMember> members, string name, Func<string> when, CancellationToken stop)
    {
        var nulls = new System.Collections.Concurrent.ConcurrentBag<string>();
        var watchers = members.Select(m => Task.Run(async () =>
        {
            var facade = m.Sworm<HandoffProcesses>();
            while (!stop.IsCancellationRequested)
            {
                if (await facade.WhereIsName(name) is null)
                {
                    nulls.Add($"{m.Address} {when()}");
                }

                await Task.Yield();
            }
        })).ToArray();
        return Task.WhenAll(watchers).ContinueWith(_ => nulls.ToArray(), TaskScheduler.Default);
    }

    public static async Task<int> StoredStates(TestMember member, string sworm)
    {
        var handoffs = member.Services.GetRequiredService<SwormMember>().RuntimeOf(sworm).Handoffs;
        var status = await member.System.Root.RequestAsync<HandoffStoreStatus>(handoffs.LocalStore!, new HandoffStoreStatusRequest(), TimeSpan.FromSeconds(5));
        return status.Stored;
    }
}

internal sealed record Placed(string Name, int Start);

/// <summary>The handoff counters of one sworm on one member.</summary>
internal sealed record SwormRuntimeView(Handoffs Handoffs)
{
    public long Held => Handoffs.Held;
    public long Relayed => Handoffs.Relayed;
}
