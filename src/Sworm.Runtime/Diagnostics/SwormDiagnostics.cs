using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Proto;
using Proto.Extensions;

namespace Sworm.Diagnostics;

/// <summary>
/// Read first in this folder for observability. One member's events and instruments: a singleton of the member's
/// DI container, attached to its actor system as a Proto extension, so any actor raises an event with
/// <c>SwormDiagnostics.Of(context.System)?.Raise(...)</c> and no constructor has to carry it. Raising an event stamps
/// the member, counts it on its instrument, keeps it among the recent events and hands it to the subscribers.
/// </summary>
internal sealed partial class SwormDiagnostics : IActorSystemExtension<SwormDiagnostics>, IAsyncDisposable
{
    private readonly ILogger _logger;
    private ActorSystem? _system;

    public SwormDiagnostics(IMeterFactory? meterFactory, ILoggerFactory? loggerFactory)
    {
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Sworm.Diagnostics");
        Instruments = new SwormInstruments(meterFactory);
        Events = new SwormEventHub(e => Log.SubscriberFailed(_logger, e));
    }

    public SwormInstruments Instruments { get; }

    public SwormEventHub Events { get; }

    /// <summary>Why the cluster removed this member (it shuts down), or null while it was not removed.</summary>
    public string? RemovedReason { get; private set; }

    /// <summary>The diagnostics of the member that owns <paramref name="system"/> (null for a system Sworm did not build).</summary>
    public static SwormDiagnostics? Of(ActorSystem system) => system.Extensions.Get<SwormDiagnostics>();

    /// <summary>Makes this the diagnostics of <paramref name="system"/> (once, when the member builds it).</summary>
    public void Attach(ActorSystem system)
    {
        _system = system;
        system.Extensions.Register(this);
    }

    public void Raise(SwormEvent e)
    {
        var address = _system?.Address ?? "";
        if (e.Member != address)
        {
            e = e with { Member = address }; // a raiser on the hot path sets it itself: no copy per event
        }
        if (e is MemberRemoved removed && _system is { } system && removed.MemberId == system.Id)
        {
            RemovedReason = removed.Reason;
        }

        Instruments.Count(e);
        Events.Publish(e);
    }

    public async ValueTask DisposeAsync()
    {
        await Events.DisposeAsync().ConfigureAwait(false);
        Instruments.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Diagnostics + 1, Level = LogLevel.Warning, Message = "A subscriber to Sworm's events threw; the other subscribers still get every event")]
        public static partial void SubscriberFailed(ILogger logger, Exception exception);
    }
}
