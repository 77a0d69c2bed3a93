using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Sworm.Testing;

/// <summary>
/// Collects the measurements of the instruments <c>select</c> picks (e.g. those of one member's meter) through a
/// <see cref="MeterListener"/>, so a test asserts exact counts after real operations.
/// </summary>
public sealed class MetricsReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MetricsReader(Func<Instrument, bool> select)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (select(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    /// <summary>Every measurement of <paramref name="instrument"/> whose tags include all of <paramref name="tags"/>.</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Key, object Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(mt => mt.Key == t.Key && Equals(mt.Value, t.Value))))
            .Select(m => m.Value).ToArray();

    /// <summary>The sum of a counter's measurements with these tags.</summary>
    public long Sum(string instrument, params (string Key, object Value)[] tags) => (long)Values(instrument, tags).Sum();

    /// <summary>Reads the observable gauges now and returns the newest value with these tags (null if none).</summary>
    public double? Gauge(string instrument, params (string Key, object Value)[] tags)
    {
        _listener.RecordObservableInstruments();
        var values = Values(instrument, tags);
        return values.Count == 0 ? null : values[^1];
    }

    public void Dispose() => _listener.Dispose();

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct =>
        _measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray()));
}
