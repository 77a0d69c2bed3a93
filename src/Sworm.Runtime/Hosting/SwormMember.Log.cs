using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Hosting;

internal sealed partial class SwormMember
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Hosting + 1, Level = LogLevel.Information, Message = "Sworm member {Address} joined cluster {Cluster} running sworms [{Sworms}]")]
        public static partial void Started(ILogger logger, string address, string cluster, string sworms);

        [LoggerMessage(EventId = SwormEventIds.Hosting + 2, Level = LogLevel.Information, Message = "Sworm member {Address} left the cluster")]
        public static partial void Stopped(ILogger logger, string address);

        [LoggerMessage(EventId = SwormEventIds.Hosting + 3, Level = LogLevel.Error, Message = "Sworm member shutdown did not complete cleanly")]
        public static partial void ShutdownFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = SwormEventIds.Hosting + 5, Level = LogLevel.Warning, Message = "Sworm member {Address} ({Id}) was removed from the cluster ({Reason}); rejoining under a new identity")]
        public static partial void Rejoining(ILogger logger, string address, string id, string reason);

        [LoggerMessage(EventId = SwormEventIds.Hosting + 6, Level = LogLevel.Information, Message = "Sworm member {Address} rejoined the cluster as {Id} (was {OldId}) after {Attempts} attempt(s)")]
        public static partial void Rejoined(ILogger logger, string address, string id, string oldId, int attempts);

        [LoggerMessage(EventId = SwormEventIds.Hosting + 7, Level = LogLevel.Error, Message = "Sworm member {Address} could not rejoin the cluster (attempt {Attempt}); trying again")]
        public static partial void RejoinFailed(ILogger logger, string address, int attempt, Exception exception);

        [LoggerMessage(EventId = SwormEventIds.Hosting + 8, Level = LogLevel.Warning, Message = "Sworm member {Address} stopped, but its actor system stays in memory: this Proto version's shared futures do not look like 1.8.0's (see Hosting/ProtoSharedFutures.cs)")]
        public static partial void SharedFuturesKept(ILogger logger, string address);

        [LoggerMessage(EventId = SwormEventIds.Hosting + 4, Level = LogLevel.Error, Message = "Leave step '{Step}' failed; the leave goes on")]
        public static partial void LeaveStepFailed(ILogger logger, string step, Exception exception);
    }
}
