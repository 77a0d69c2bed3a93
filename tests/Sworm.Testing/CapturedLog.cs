using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sworm.Testing;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every line its host logs (Proto's included, forwarded by Sworm).</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Line> _lines = new();

    public IReadOnlyCollection<Line> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Line(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}[{EventId.Id}/{EventId.Name}]: {Message} {Exception?.GetType().Name} {Exception?.Message}";
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log._lines.Enqueue(new Line(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
