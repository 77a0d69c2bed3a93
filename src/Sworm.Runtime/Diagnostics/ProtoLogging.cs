using Microsoft.Extensions.Logging;

namespace Sworm.Diagnostics;

/// <summary>
/// Proto.Actor's logging is one process-wide factory, and Proto keeps loggers in static fields. Handing it a
/// host's <see cref="ILoggerFactory"/> directly breaks the next member in the process once that host is
/// disposed (its loggers throw <see cref="ObjectDisposedException"/>). So Proto gets one forwarding factory
/// for the life of the process, which writes to the newest running member's factory, or nowhere. Sworm's own
/// components never log through it: each member's membership, registry and supervision log to that member's host.
///
/// Proto logs a clean shutdown's closed connections as errors and retried connections to a member that left as
/// warnings; those go to the user's log at a lower level (the table <c>Noise</c>), where they belong.
/// </summary>
internal static class ProtoLogging
{
    private static readonly object Gate = new();
    private static readonly List<ILoggerFactory> Attached = [];
    private static bool _installed;

    public static ILoggerFactory? Current { get; private set; }

    public static void Attach(ILoggerFactory factory)
    {
        lock (Gate)
        {
            Attached.Add(factory);
            Current = factory;
            if (!_installed)
            {
                _installed = true;
                Proto.Log.SetLoggerFactory(new ForwardingLoggerFactory());
            }
        }
    }

    public static void Detach(ILoggerFactory factory)
    {
        lock (Gate)
        {
            Attached.Remove(factory);
            Current = Attached.Count > 0 ? Attached[^1] : null;
        }
    }

    /// <summary>
    /// Proto's and gRPC's noise under a clean join, leave or shutdown, every case handled by Proto itself, and the level
    /// it goes down to. A member that is really gone is reported by Sworm's own membership at the level it deserves.
    /// Every other warning and error of Proto and gRPC stays as it is. Rules match a category suffix (or prefix), an
    /// event name (stable across Proto's messages) or a message fragment (where Proto gives no event name).
    /// </summary>
    private static readonly NoiseRule[] Noise =
    [
        // An endpoint closed while its member stops: nothing lost, nothing to do.
        new(EventName: "ErrorDuringEndpointTermination", To: LogLevel.Debug),
        // The remote's gRPC server sees a peer reset its stream: the peer left or died.
        new(CategoryPrefix: "Grpc.AspNetCore.Server", EventName: "ErrorExecutingServiceMethod", PeerReset: true, To: LogLevel.Debug),
        // A retry of a connection to a member that has just left (Proto logs each of its 3 attempts as a warning).
        new(EventName: "RestartingEndpoint", To: LogLevel.Information),
        // A gossip send to a member that just left times out.
        new(CategorySuffix: "GossipActor", MessageContains: "Timeout in GossipReenterAfterSend", To: LogLevel.Information),
    ];

    private static LogLevel Quieter(string category, LogLevel level, EventId eventId, Exception? exception, Func<string> message)
    {
        if (level < LogLevel.Warning)
        {
            return level;
        }

        foreach (var rule in Noise)
        {
            if (rule.Matches(category, eventId, exception, message))
            {
                return rule.To;
            }
        }

        return level;
    }

    private sealed record NoiseRule(
        LogLevel To,
        string? CategoryPrefix = null,
        string? CategorySuffix = null,
        string? EventName = null,
        string? MessageContains = null,
        bool PeerReset = false)
    {
        public bool Matches(string category, EventId eventId, Exception? exception, Func<string> message) =>
            (CategoryPrefix is null || category.StartsWith(CategoryPrefix, StringComparison.Ordinal))
            && (CategorySuffix is null || category.EndsWith(CategorySuffix, StringComparison.Ordinal))
            && (EventName is null || eventId.Name == EventName)
            && (!PeerReset || exception is IOException or OperationCanceledException)
            && (MessageContains is null || message().Contains(MessageContains, StringComparison.Ordinal));
    }

    private sealed class ForwardingLoggerFactory : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new ForwardingLogger(categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class ForwardingLogger(string category) : ILogger
    {
        private (ILoggerFactory Factory, ILogger Logger)? _target;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Target()?.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Target()?.IsEnabled(logLevel) ?? false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = Quieter(category, logLevel, eventId, exception, () => formatter(state, exception));
            var target = Target();
            if (target is not null && target.IsEnabled(level))
            {
                target.Log(level, eventId, state, exception, formatter);
            }
        }

        private ILogger? Target()
        {
            var factory = Current;
            if (factory is null)
            {
                return null;
            }

            var target = _target;
            if (target is { } cached && ReferenceEquals(cached.Factory, factory))
            {
                return cached.Logger;
            }

            try
            {
                var logger = factory.CreateLogger(category);
                _target = (factory, logger);
                return logger;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }
    }
}
