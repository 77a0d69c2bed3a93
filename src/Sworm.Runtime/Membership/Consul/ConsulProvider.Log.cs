using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Membership.Consul;

/// <summary>Log messages of the Consul membership: event ids 7001–7099 (the Consul block). Never logs the token.</summary>
internal sealed partial class ConsulProvider
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Consul + 1, Level = LogLevel.Information,
            Message = "Member {Id} at {Address} registered in Consul service {Service} as {ServiceId} (agent {Agent}); {Count} members")]
        public static partial void Started(ILogger logger, string id, string address, string service, string serviceId, Uri agent, int count);

        [LoggerMessage(EventId = SwormEventIds.Consul + 2, Level = LogLevel.Warning,
            Message = "Consul agent at {Agent} unreachable while trying to {What} ({Reason}); retrying in {PauseMs} ms, giving up in {LeftMs} ms")]
        public static partial void AgentUnreachableAtStart(ILogger logger, Uri agent, string what, string reason, long pauseMs, long leftMs);

        [LoggerMessage(EventId = SwormEventIds.Consul + 3, Level = LogLevel.Information, Message = "Deregistered {ServiceId} from the Consul agent at {Agent}")]
        public static partial void Deregistered(ILogger logger, string serviceId, Uri agent);

        [LoggerMessage(EventId = SwormEventIds.Consul + 4, Level = LogLevel.Warning,
            Message = "Could not deregister {ServiceId} from the Consul agent at {Agent} ({Reason}); Consul removes it after DeregisterCriticalServiceAfter")]
        public static partial void DeregisterFailed(ILogger logger, string serviceId, Uri agent, string reason);

        [LoggerMessage(EventId = SwormEventIds.Consul + 5, Level = LogLevel.Warning,
            Message = "Could not pass the TTL check at the Consul agent at {Agent} ({Reason}); keeping the current members and retrying")]
        public static partial void PassFailed(ILogger logger, Uri agent, string reason);

        [LoggerMessage(EventId = SwormEventIds.Consul + 6, Level = LogLevel.Warning,
            Message = "The Consul agent at {Agent} no longer knows {ServiceId} ({Reason}); registering again")]
        public static partial void ReRegistering(ILogger logger, string serviceId, Uri agent, string reason);

        [LoggerMessage(EventId = SwormEventIds.Consul + 7, Level = LogLevel.Warning,
            Message = "Blocking health query to the Consul agent at {Agent} failed ({Reason}); keeping the last known members and retrying")]
        public static partial void WatchFailed(ILogger logger, Uri agent, string reason);

        [LoggerMessage(EventId = SwormEventIds.Consul + 8, Level = LogLevel.Information, Message = "The Consul agent at {Agent} answers again")]
        public static partial void AgentBack(ILogger logger, Uri agent);

        [LoggerMessage(EventId = SwormEventIds.Consul + 9, Level = LogLevel.Information,
            Message = "X-Consul-Index of the Consul agent at {Agent} went from {Old} to {New} (agent restarted?); index reset")]
        public static partial void IndexReset(ILogger logger, Uri agent, long old, long @new);

        [LoggerMessage(EventId = SwormEventIds.Consul + 10, Level = LogLevel.Information,
            Message = "Member {Id} at {Address} removed: its port refuses connections (process gone); it returns only with a fresh passing Consul check")]
        public static partial void MemberGone(ILogger logger, string id, string address);

        [LoggerMessage(EventId = SwormEventIds.Consul + 11, Level = LogLevel.Debug, Message = "Publishing topology of {Count} members: {Members}")]
        public static partial void Publishing(ILogger logger, int count, string members);

        [LoggerMessage(EventId = SwormEventIds.Consul + 12, Level = LogLevel.Warning, Message = "This member {Id} was blocked by Proto ({Reason}); shutting down")]
        public static partial void SelfBlocked(ILogger logger, string id, string reason);

        [LoggerMessage(EventId = SwormEventIds.Consul + 13, Level = LogLevel.Warning,
            Message = "Could not detach Proto's MemberBlocked handler (unexpected Proto version?); a block racing a topology change may drop healthy members")]
        public static partial void BlockedHandlerNotDetached(ILogger logger);
    }
}
