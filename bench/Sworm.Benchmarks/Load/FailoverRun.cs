using System.Collections.Concurrent;
using System.Diagnostics;
using Sworm.Testing;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Load;

/// <summary>
/// kill -9 of a member process: two members in this process, the third a separate OS process (Sworm.TestMember)
/// that hosts about a third of the names. Measures from the kill until every name it hosted answers a request on a
/// survivor, and within that, until the survivors dropped the member (failure detection). Default settings.
/// </summary>
internal static class FailoverRun
{
    private const int InFlight = BenchOptions.InFlight;

    /// <returns>(seconds until all answer, seconds until detection, names on the victim, names in the cluster)</returns>
    public static async Task<(double All, double Detection, int OnVictim, int Total)> Run(int onVictimTarget, TimeSpan deadline)
    {
        await using var sworm = await SwormSide.Start(2);
        await using var victim = await MemberProcess.Start(sworm.Cluster.Name, sworm.AddressOf(0));
        foreach (var m in new[] { 0, 1 })
        {
            await Eventually.Until(async () => (await sworm.On(m).Nodes()).Count == 3, TimeSpan.FromSeconds(30), "the member process to join");
        }

        // Placement spreads names over the 3 members: register until the victim hosts its share.
        var prefix = "f" + Guid.NewGuid().ToString("N")[..6];
        var hosts = new ConcurrentDictionary<string, string>();
        var clock = Stopwatch.StartNew();
        while (hosts.Values.Count(a => a == victim.Address) < onVictimTarget)
        {
            var missing = onVictimTarget - hosts.Values.Count(a => a == victim.Address);
            var from = hosts.Count;
            await Measure.Throughput(Math.Max(300, missing * 3), InFlight, async i =>
            {
                var name = $"{prefix}-{from + i}";
                var result = await sworm.On(i % 2).RegisterName(name, AnsweringWorker.Spec(name));
                hosts[name] = result.Pid.Address;
            });
        }

        var onVictim = hosts.Where(h => h.Value == victim.Address).Select(h => h.Key).ToList();
        Console.WriteLine($"  failover: {hosts.Count:N0} names registered in {clock.Elapsed.TotalSeconds:0.0} s, {onVictim.Count:N0} on the member process");

        var survivors = new HashSet<string> { sworm.AddressOf(0), sworm.AddressOf(1) };
        ClusterProcesses[] on = [sworm.On(0), sworm.On(1)];
        clock.Restart();
        victim.Kill();
        var detected = Eventually.Until(async () => (await sworm.On(0).Nodes()).Count == 2, deadline, "the survivors to drop the killed member");
        var remaining = onVictim;
        while (remaining.Count > 0)
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{remaining.Count} of {onVictim.Count} names did not answer on a survivor within {deadline.TotalSeconds} s");
            }

            // Only the names a survivor's replica already shows on a survivor are asked: polling every name through
            // the whole restore took about a tenth of the 2 cores the restore itself needs (a profile of this run).
            var answered = new ConcurrentDictionary<string, bool>();
            var round = new List<string>();
            for (var i = 0; i < remaining.Count; i++)
            {
                if (await on[i % 2].WhereIsName(remaining[i]) is { } pid && survivors.Contains(pid.Address))
                {
                    round.Add(remaining[i]);
                }
            }

            await Measure.Throughput(round.Count, InFlight, async i =>
            {
                if (await Answers(on[i % 2], round[i], survivors))
                {
                    answered[round[i]] = true;
                }
            });
            remaining = remaining.Where(n => !answered.ContainsKey(n)).ToList();
            if (onVictim.Count >= 20_000)
            {
                // The curve tells a slow start (detection, Proto's identity hand-over) from a slow restore rate.
                Console.WriteLine($"    {clock.Elapsed.TotalSeconds:0.0} s: {onVictim.Count - remaining.Count:N0} of {onVictim.Count:N0} answering");
            }

            if (remaining.Count > 0)
            {
                // Each round scans every name still to come: polling harder only takes CPU from the restore (±20 ms).
                await Task.Delay(20);
            }
        }

        var all = clock.Elapsed.TotalSeconds;
        var detection = (await detected).TotalSeconds;
        Console.WriteLine($"  failover: all {onVictim.Count:N0} answering after {all:0.00} s (detection {detection:0.00} s)");
        return (all, detection, onVictim.Count, hosts.Count);
    }

    private static async Task<bool> Answers(ClusterProcesses processes, string name, HashSet<string> survivors)
    {
        if (await processes.WhereIsName(name) is not { } pid || !survivors.Contains(pid.Address))
        {
            return false;
        }

        try
        {
            var here = await processes.Request<Here>(name, new Where(), TimeSpan.FromSeconds(1));
            return survivors.Contains(here.Address);
        }
        catch (Exception e) when (e is SwormException or TimeoutException)
        {
            return false;
        }
    }
}
