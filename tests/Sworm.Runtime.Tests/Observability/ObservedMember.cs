using Microsoft.Extensions.DependencyInjection;
using Sworm.Diagnostics;

namespace Sworm.Runtime.Tests.Observability;

/// <summary>A member of its own (so its meter and events belong to one test) with a metrics reader on its meter.</summary>
public sealed class ObservedMember : IAsyncDisposable
{
    private ObservedMember(TestMember member)
    {
        Member = member;
        var meter = Diagnostics.Instruments.Meter;
        Metrics = new MetricsReader(instrument => ReferenceEquals(instrument.Meter, meter));
    }

    public TestMember Member { get; }
    public MetricsReader Metrics { get; }
    public ISwormMonitor Monitor => Member.Services.GetRequiredService<ISwormMonitor>();
    internal SwormDiagnostics Diagnostics => Member.Services.GetRequiredService<SwormDiagnostics>();
    public TestProcesses Processes => Member.Sworm<TestProcesses>();

    public static async Task<ObservedMember> Start(Action<IServiceCollection>? configureServices = null, bool start = true) =>
        new(await TestMember.Start(s => s.AddSworm<TestProcesses>().AddSworm<TemporaryProcesses>(), configureServices: configureServices, start: start));

    public static (string, object) SwormTag(string name = nameof(TestProcesses)) => (SwormInstrumentNames.SwormTag, name);

    public static (string, object) Outcome(string outcome) => (SwormInstrumentNames.OutcomeTag, outcome);

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        await Member.DisposeAsync();
    }
}
