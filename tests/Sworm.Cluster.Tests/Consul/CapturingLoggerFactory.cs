using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>
/// A logger factory for the Consul provider that keeps every formatted line (with its exception) so a test can
/// assert on them (e.g. that the ACL token never appears), and copies them to the test output.
/// </summary>
internal sealed class CapturingLoggerFactory(ITestOutputHelper? output) : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        try { output?.WriteLine(line); } catch (InvalidOperationException) { /* the test has finished */ }
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} [{eventId.Id}] {category.Split('.')[^1]}: {formatter(state, exception)}";
            if (exception is not null) line += " | " + exception;
            owner.Add(line);
        }
    }
}
