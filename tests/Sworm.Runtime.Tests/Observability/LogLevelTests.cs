using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sworm.Runtime.Tests.Observability;

/// <summary>A user's worker failing is a warning that names it, with Sworm's event id.</summary>
public sealed class LogLevelTests
{
    [Fact]
    public async Task A_crash_and_a_give_up_are_warnings_with_the_workers_name()
    {
        var log = new CapturedLog();
        await using var observed = await ObservedMember.Start(s => s.AddLogging(b => b.AddProvider(log)));
        var processes = observed.Processes;
        var name = SingleMemberFixture.UniqueName("logged");
        var pid = (await processes.RegisterName(name, EchoWorker.Spec(name))).Pid;

        for (var crash = 1; crash <= 4; crash++)
        {
            await processes.Send(name, new Crash());
            if (crash < 4)
            {
                var old = pid;
                pid = (await Eventually.Value(() => processes.WhereIsName(name), p => p is not null && !p.Equals(old), "a restart"))!;
            }
        }

        await Eventually.Until(() => log.Lines.Any(l => l.EventId.Id == 4006), "the give-up to be logged");
        var crashes = log.Lines.Where(l => l.EventId.Id == 4001).ToArray();
        Assert.Equal(4, crashes.Length);
        Assert.All(crashes, l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.All(crashes, l => Assert.Contains(name, l.Message));
        Assert.All(crashes, l => Assert.IsType<InvalidOperationException>(l.Exception));
        var gaveUp = log.Lines.Single(l => l.EventId.Id == 4006);
        Assert.Equal(LogLevel.Warning, gaveUp.Level);
        Assert.Contains(name, gaveUp.Message);
        // Proto's own lines go to the newest member of the process (tests run in parallel): only Sworm's are this member's.
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Error && l.Category.StartsWith("Sworm", StringComparison.Ordinal));
    }
}
