using System.Diagnostics;

namespace Sworm.Sample;

/// <summary>
/// <c>--script</c>: adds a member, kills one (SIGKILL) and stops one (SIGTERM) unattended, checking after each step
/// that no device was lost, and across the graceful stop that every moved device kept its counter. Prints what it
/// checked. Exit code: 0 every check passed; 1 a check failed.
/// </summary>
internal sealed class ScriptRun(Fleet fleet, SampleOptions options)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private readonly List<(bool Passed, string Line)> _checks = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<int> Run()
    {
        Say($"{fleet.Children.Count + 1} members: {fleet.Address} (this process) and child processes {string.Join(", ", fleet.Children.Select(c => $"{c.Address} (pid {c.Pid})"))}");
        await fleet.RegisterDevices();
        Say($"registered {fleet.DeviceCount} devices: {PerMember()}");
        fleet.StartReadings();
        await Readings("readings flowing");

        var added = await fleet.AddMember();
        Say($"a: added member {added.Address} (pid {added.Pid})");
        var afterAdd = await NoDeviceLost("after the add");
        await Readings("readings flowing");

        var victim = fleet.ChildWithMostDevices() ?? throw new InvalidOperationException("no member process to kill");
        var onVictim = await FleetChecks.DevicesOn(fleet, victim.Address);
        var failoversBefore = fleet.Failovers;
        victim.Kill();
        Say($"k: killed {victim.Address} (pid {victim.Pid}) with SIGKILL; it hosted {onVictim.Count} devices");
        await victim.WaitForExit(TimeSpan.FromSeconds(10));
        fleet.Forget(victim);
        var afterKill = await NoDeviceLost("after the kill");
        var moved = (await FleetChecks.AskAll(fleet, onVictim, StepTimeout, s => s.Member != victim.Address)).Count;
        try
        {
            // The restoring members report each failover as an event; give the lines a moment to arrive.
            await Fleet.WaitFor(() => fleet.Failovers - failoversBefore >= onVictim.Count, TimeSpan.FromSeconds(10), "the failovers to be reported");
        }
        catch (TimeoutException)
        {
            // Shown in the check's line below.
        }

        Check(moved == onVictim.Count && onVictim.Count > 0,
            $"failover after SIGKILL: {moved} of the killed member's {onVictim.Count} devices answer from survivors ({fleet.Failovers - failoversBefore} failovers reported)");
        await Readings("readings flowing");

        await StopGracefully();

        Check(afterAdd && afterKill && await NoDeviceLost("after the graceful stop"),
            $"no device lost: all {fleet.DeviceCount} devices answered after the add, the kill and the graceful stop");
        return Summary();
    }

    private async Task StopGracefully()
    {
        var leaving = fleet.ChildWithMostDevices() ?? throw new InvalidOperationException("no member process to stop");
        // Counters stand still while the member leaves, so "kept" means exactly the value it had.
        await fleet.PauseReadings();
        var onLeaving = await FleetChecks.DevicesOn(fleet, leaving.Address);
        var before = await FleetChecks.AskAll(fleet, onLeaving, StepTimeout);
        var handoffsBefore = fleet.Handoffs;
        leaving.Terminate();
        Say($"s: stopped {leaving.Address} (pid {leaving.Pid}) with SIGTERM; it hosted {onLeaving.Count} devices, {before.Values.Sum(s => s.Readings)} readings counted");
        var exited = await leaving.WaitForExit(StepTimeout);
        fleet.Forget(leaving);
        var after = await FleetChecks.AskAll(fleet, onLeaving, StepTimeout, s => s.Member != leaving.Address);
        var handedOff = fleet.Handoffs - handoffsBefore;
        bool Kept(string n) => after.TryGetValue(n, out var a) && before.TryGetValue(n, out var b) && a.Readings == b.Readings;
        var kept = onLeaving.Count(Kept);
        // A device that had counted nothing "keeps" 0 even when it restarts clean: the line counts those that had readings.
        var counted = onLeaving.Count(n => before.TryGetValue(n, out var b) && b.Readings > 0);
        var keptCounted = onLeaving.Count(n => Kept(n) && before[n].Readings > 0);
        var passed = exited && counted > 0 && kept == onLeaving.Count;
        var line = $"counters kept across graceful stop: {keptCounted} of the {counted} devices with readings on the stopped member " +
                   $"kept their counter ({kept} of all {onLeaving.Count} answered with the count they had; {handedOff} handoffs reported by the leaving member)";
        Check(passed, line);
        fleet.StartReadings();
    }

    private async Task<bool> NoDeviceLost(string when)
    {
        var answers = await FleetChecks.AskAll(fleet, FleetChecks.AllDevices(fleet), StepTimeout);
        Say($"{answers.Count} of {fleet.DeviceCount} devices answer {when}: {PerMember()}");
        return answers.Count == fleet.DeviceCount;
    }

    private async Task Readings(string what)
    {
        fleet.MessagesPerSecond();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Say($"{what}: {fleet.MessagesPerSecond():0} messages/s (failed sends so far: {fleet.FailedSends})");
    }

    private string PerMember() => string.Join(", ", fleet.DevicesPerMember().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private void Check(bool passed, string line) => _checks.Add((passed, line));

    private void Say(string line) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0}s] {line}");

    private int Summary()
    {
        Console.WriteLine();
        Console.WriteLine($"SUMMARY ({options.Members} members started, 1 added, 1 killed with SIGKILL, 1 stopped with SIGTERM; {fleet.DeviceCount} devices; restarts {fleet.Restarts}, failovers {fleet.Failovers}, handoffs {fleet.Handoffs})");
        foreach (var (passed, line) in _checks)
        {
            Console.WriteLine($"  {(passed ? "PASSED" : "FAILED")}  {line}");
        }

        var failed = _checks.Where(c => !c.Passed).ToList();
        if (failed.Count == 0)
        {
            Console.WriteLine("RESULT: all checks passed");
            return 0;
        }

        Console.WriteLine($"RESULT: {failed.Count} check(s) FAILED");
        return 1;
    }
}
