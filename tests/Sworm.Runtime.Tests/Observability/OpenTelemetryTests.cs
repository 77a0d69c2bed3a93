using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Sworm.Runtime.Tests.Observability;

/// <summary>A sworm only the OpenTelemetry test uses, so its <c>sworm</c> tag tells its measurements apart.</summary>
[Sworm]
public partial class OpenTelemetryProcesses;

/// <summary>The documented two-line setup, with the OpenTelemetry SDK and its in-memory exporter.</summary>
public sealed class OpenTelemetryTests
{
    [Fact]
    public async Task AddMeter_and_AddSource_with_Sworms_names_export_its_metrics_and_spans()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(SwormInstrumentNames.Meter).AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(SwormInstrumentNames.ActivitySource).AddInMemoryExporter(spans).Build();
        await using var member = await TestMember.Start(s => s.AddSworm<OpenTelemetryProcesses>());
        var processes = member.Sworm<OpenTelemetryProcesses>();
        var names = new[] { SingleMemberFixture.UniqueName("otel"), SingleMemberFixture.UniqueName("otel") };
        foreach (var name in names)
        {
            await processes.RegisterName(name, EchoWorker.Spec(name));
        }

        meterProvider.ForceFlush();
        Assert.Equal(2, Sum(metrics, SwormInstrumentNames.Registrations, "started"));
        Assert.Equal(2, Gauge(metrics, SwormInstrumentNames.Names));

        tracerProvider.ForceFlush();
        foreach (var name in names)
        {
            var registered = spans.Where(s => s.OperationName == "RegisterName" && Equals(s.GetTagItem("sworm.name"), name)).ToArray();
            Assert.Equal([ActivityKind.Server, ActivityKind.Client], registered.Select(s => s.Kind).Order().ToArray());
        }
    }

    private static long Sum(List<Metric> metrics, string instrument, string outcome)
    {
        long sum = 0;
        foreach (var point in Points(metrics, instrument))
        {
            if (Tag(point, SwormInstrumentNames.OutcomeTag) == outcome)
            {
                sum += point.GetSumLong();
            }
        }

        return sum;
    }

    private static long Gauge(List<Metric> metrics, string instrument) => Points(metrics, instrument).Select(p => p.GetGaugeLastValueLong()).Last();

    private static List<MetricPoint> Points(List<Metric> metrics, string instrument)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == instrument))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Tag(point, SwormInstrumentNames.SwormTag) == nameof(OpenTelemetryProcesses))
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
