using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Infrastructure;

/// <summary>
/// Routes Proto's logging to the running test's output, so a failing test shows what the membership did.
/// Proto's logger factory is a process-wide static and classes keep the loggers they created first, so one
/// factory is installed once and only its target (the current test's output) changes. Valid because the
/// cluster tests run one at a time (see AssemblyInfo.cs).
/// </summary>
internal sealed class TestOutputLogging : ILoggerFactory
{
    private static readonly TestOutputLogging Instance = new();
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    private volatile ITestOutputHelper? _output;
    private volatile int _minimum = (int)LogLevel.Information;

    /// <summary>
    /// Sends Sworm's logs of <paramref name="minimum"/> and above, and Proto's warnings and errors, to
    /// <paramref name="output"/> until disposed.
    /// </summary>
    public static IDisposable Attach(ITestOutputHelper output, LogLevel minimum = LogLevel.Information)
    {
        lock (InstallLock)
        {
            if (!_installed)
            {
                Proto.Log.SetLoggerFactory(Instance);
                _installed = true;
            }
        }
        Instance._minimum = (int)minimum;
        Instance._output = output;
        return new Detach(output);
    }

    public ILogger CreateLogger(string categoryName) => new TestLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private void Write(string line)
    {
        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late lines from background work have nowhere to go.
        }
    }

    private sealed class Detach(ITestOutputHelper output) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref Instance._output, null, output);
    }

    private sealed class TestLogger(TestOutputLogging owner, string category) : ILogger
    {
        private readonly string _category = category[(category.LastIndexOf('.') + 1)..];

        // Sworm's own categories at the chosen level; Proto's (chatty at Information) only from Warning up.
        private readonly bool _isSworm = category.StartsWith("Sworm", StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => (int)logLevel >= (_isSworm ? owner._minimum : (int)LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var error = exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message;
            owner.Write($"{DateTime.Now:HH:mm:ss.fff} {logLevel,-11} {_category}: {formatter(state, exception)}{error}");
        }
    }
}
