using System.Collections.Concurrent;
using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Load;

/// <summary>
/// Handoff on graceful leave (issue 12): one member in this process, the leaving one a separate OS process
/// (Sworm.TestMember) stopped with SIGTERM. Measures from the SIGTERM until every handoff counter it hosted answers a
/// request on the survivor with its value (so the successor is serving, with its state): for 1 counter and for
/// <c>workers</c> counters. No raw Proto row: Proto.Cluster has no state handoff (its activations restart clean).
/// </summary>
internal static class HandoffRun
{
    private const int InFlight = BenchOptions.InFlight;

    /// <returns>(seconds for one counter, seconds for all <paramref name="workers"/> counters, counters on the leaver)</returns>
    public static async Task<(double One, double All, int Workers)> Run(int workers, TimeSpan deadline)
    {
        await using var cluster = await TestCluster.Start(1, s => s.AddSworm<HandoffProcesses>());
        var processes = cluster[0].Sworm<HandoffProcesses>();
        var one = await SigtermOf(cluster, processes, 1, deadline);
        var all = await SigtermOf(cluster, processes, workers, deadline);
        return (one.Seconds, all.Seconds, all.Count);
    }

    private static async Task<(double Seconds, int Count)> SigtermOf(TestCluster cluster, HandoffProcesses processes, int workers, TimeSpan deadline)
    {
        await using var leaving = await MemberProcess.Start(cluster.Name, cluster[0].Address);
        await Eventually.Until(async () => (await processes.Nodes()).Count == 2, TimeSpan.FromSeconds(30), "the member process to join");

        // Placement spreads names over both members: register until the leaving one hosts the wanted number.
        var prefix = "h" + Guid.NewGuid().ToString("N")[..6];
        var onLeaver = new ConcurrentDictionary<string, int>();
        var registered = 0;
        while (onLeaver.Count < workers)
        {
            var from = registered;
            var batch = Math.Max(64, (workers - onLeaver.Count) * 2);
            registered += batch;
            await Measure.Throughput(batch, InFlight, async i =>
            {
                var name = $"{prefix}-{from + i}";
                var result = await processes.RegisterName(name, Counter.Spec("reply", from + i));
                if (result.Pid.Address == leaving.Address)
                {
                    onLeaver[name] = from + i;
                }
            });
        }

        var counters = onLeaver.Take(workers).ToArray();
        var clock = Stopwatch.StartNew();
        leaving.Terminate();
        var remaining = counters;
        while (remaining.Length > 0)
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{remaining.Length} of {counters.Length} handed-off counters did not answer on the survivor within {deadline.TotalSeconds} s");
            }

            var answered = new ConcurrentDictionary<string, bool>();
            var round = remaining;
            await Measure.Throughput(round.Length, InFlight, async i =>
            {
                try
                {
                    var count = await processes.Request<CountIs>(round[i].Key, new GetCount(), TimeSpan.FromSeconds(2));
                    if (count.Address != leaving.Address && count.Value == round[i].Value && count.Restored)
                    {
                        answered[round[i].Key] = true;
                    }
                }
                catch (Exception e) when (e is SwormException or TimeoutException)
                {
                }
            });
            remaining = round.Where(c => !answered.ContainsKey(c.Key)).ToArray();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await leaving.WaitForExit(TimeSpan.FromSeconds(30));
        Console.WriteLine($"  handoff: SIGTERM → all {counters.Length:N0} counters serving on the survivor with their values after {seconds:0.000} s");
        return (seconds, counters.Length);
    }
}
