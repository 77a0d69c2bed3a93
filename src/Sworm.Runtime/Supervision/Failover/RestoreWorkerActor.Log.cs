using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;

namespace Sworm.Supervision.Failover;

internal sealed partial class RestoreWorkerActor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Failover + 10, Level = LogLevel.Information, Message = "Worker '{Name}' of sworm {Sworm} lost its member and was restarted as {Pid}")]
        public static partial void Restored(ILogger logger, string sworm, string name, PID pid);

        [LoggerMessage(EventId = SwormEventIds.Failover + 11, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} could not be restored: {Reason}")]
        public static partial void RestoreFailed(ILogger logger, string sworm, string name, string reason, Exception? exception);
    }
}
