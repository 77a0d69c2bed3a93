using Microsoft.Extensions.Logging;

namespace Sworm.Diagnostics;

/// <summary>
/// Proto.Actor's logging is one process-wide factory, and Proto keeps loggers in static fields. Handing it a
/// host's <see cref="ILoggerFactory"/> directly breaks the next member in the process once that host is
/// disposed (its loggers throw <see cref="ObjectDisposedException"/>). So Proto gets one forwarding factory
/// for the life of the process, which writes to the newest running member's factory, or nowhere. Sworm's own
/// components never log through it: each member's membership, registry and supervision log to that member's host.
///
/// Proto logs a clean shutdown's closed connections as errors ("Error during endpoint termination"); those go
/// to the user's log at debug level, where they belong (nothing was lost, nothing to do).
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
    /// Proto's shutdown noise, by its event name (stable across messages), goes down to debug: an endpoint closed while
    /// its member stops, and the remote's gRPC server seeing a peer reset its stream (the peer left or died; membership
    /// reports that, at the level it deserves). Every other warning and error of Proto and gRPC stays as it is.
    /// </summary>
    private static LogLevel Quieter(string category, LogLevel level, EventId eventId, Exception? exception) =>
        level < LogLevel.Warning ? level
        : eventId.Name is "ErrorDuringEndpointTermination" || IsPeerReset(category, eventId, exception) ? LogLevel.Debug
        // A retry of a connection to a member that has just left (Proto logs each of its 3 attempts as a warning);
        // a member that is really gone is reported by Sworm's own membership.
        : eventId.Name is "RestartingEndpoint" ? LogLevel.Information
        : level;

    /// <summary>
    /// Proto's warnings while the topology changes under a clean join or leave, all handled by Proto itself: an activation
    /// request that reached the previous owner is forwarded; a gossip send to a member that just left times out. A member
    /// that is really gone is reported by Sworm's own membership.
    /// </summary>
    private static bool IsTopologyChangeNoise(string category, string message) =>
        (category.EndsWith("PartitionIdentityActor", StringComparison.Ordinal) && message.Contains("wrong node", StringComparison.Ordinal))
        || (category.EndsWith("GossipActor", StringComparison.Ordinal) && message.Contains("Timeout in GossipReenterAfterSend", StringComparison.Ordinal));

    private static bool IsPeerReset(string category, EventId eventId, Exception? exception) =>
        eventId.Name is "ErrorExecutingServiceMethod"
        && category.StartsWith("Grpc.AspNetCore.Server", StringComparison.Ordinal)
        && exception is IOException or OperationCanceledException;

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
            var level = Quieter(category, logLevel, eventId, exception);
            if (level >= LogLevel.Warning && IsTopologyChangeNoise(category, formatter(state, exception)))
            {
                level = LogLevel.Information;
            }

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
