using static Sworm.Runtime.Tests.Observability.ObservedMember;
using static Sworm.SwormInstrumentNames;

namespace Sworm.Runtime.Tests.Observability;

/// <summary>The <c>Sworm</c> meter of one member, read through a MeterListener after real operations.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Registrations_are_counted_by_outcome_and_the_gauges_read_the_replica()
    {
        await using var observed = await ObservedMember.Start();
        var processes = observed.Processes;
        var names = Enumerable.Range(0, 3).Select(_ => SingleMemberFixture.UniqueName("metrics")).ToArray();
        foreach (var name in names)
        {
            Assert.Equal(RegisterStatus.Started, (await processes.RegisterName(name, EchoWorker.Spec(name))).Status);
        }

        Assert.Equal(RegisterStatus.AlreadyStarted, (await processes.RegisterName(names[0], EchoWorker.Spec(names[0]))).Status);
        await Assert.ThrowsAsync<SwormStartException>(() => processes.RegisterName(SingleMemberFixture.UniqueName("fails"), FailingWorker.Spec("constructor")));

        var metrics = observed.Metrics;
        Assert.Equal(3, metrics.Sum(Registrations, SwormTag(), Outcome("started")));
        Assert.Equal(1, metrics.Sum(Registrations, SwormTag(), Outcome("already_started")));
        Assert.Equal(1, metrics.Sum(Registrations, SwormTag(), Outcome("failed")));
        Assert.Equal(0, metrics.Sum(Registrations, SwormTag(nameof(TemporaryProcesses))));
        Assert.Equal(3, metrics.Gauge(Names, SwormTag()));
        Assert.Equal(0, metrics.Gauge(Names, SwormTag(nameof(TemporaryProcesses))));
        Assert.Equal(1, metrics.Gauge(Members, SwormTag()));

        var started = observed.Monitor.RecentEvents().OfType<WorkerStarted>().Select(e => e.Name).Order().ToArray();
        Assert.Equal(names.Order().ToArray(), started);
    }

    [Fact]
    public async Task One_crash_is_one_restart_and_a_crash_loop_is_one_give_up()
    {
        await using var observed = await ObservedMember.Start();
        var processes = observed.Processes;
        var received = new List<SwormEvent>();
        using var subscription = observed.Monitor.Subscribe(e =>
        {
            lock (received)
            {
                received.Add(e);
            }
        });
        var name = SingleMemberFixture.UniqueName("crash");
        var pid = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;

        await processes.Send(name, new Crash());
        pid = await NewPid(processes, name, pid);
        var metrics = observed.Metrics;
        await Eventually.Until(() => metrics.Sum(Restarts, SwormTag()) == 1, "one restart to be counted");
        Assert.Equal(0, metrics.Sum(GaveUp, SwormTag()));

        // Default intensity: 3 restarts within 5 s; the 4th crash is one too many.
        for (var crash = 2; crash <= 4; crash++)
        {
            await processes.Send(name, new Crash());
            if (crash < 4)
            {
                pid = await NewPid(processes, name, pid);
            }
        }

        await Eventually.Until(() => metrics.Sum(GaveUp, SwormTag()) == 1, "the give-up to be counted");
        Assert.Equal(3, metrics.Sum(Restarts, SwormTag()));
        Assert.Equal(0, metrics.Gauge(Names, SwormTag()));

        var events = observed.Monitor.RecentEvents();
        Assert.Equal(3, events.OfType<WorkerRestarted>().Count(e => e.Name == name));
        var gaveUp = Assert.Single(events.OfType<WorkerGaveUp>());
        Assert.Equal((name, nameof(TestProcesses), 3, observed.Member.Address), (gaveUp.Name, gaveUp.Sworm, gaveUp.MaxRestarts, gaveUp.Member));
        await Eventually.Until(() =>
        {
            lock (received)
            {
                return received.OfType<WorkerGaveUp>().Any();
            }
        }, "the subscriber to get the give-up");
        lock (received)
        {
            Assert.Equal(3, received.OfType<WorkerRestarted>().Count());
        }
    }

    private static Task<PID> NewPid(TestProcesses processes, string name, PID old) =>
        Eventually.Value(() => processes.WhereIsName(name), pid => pid is not null && !pid.Equals(old), $"'{name}' to run under a new pid")!;
}
