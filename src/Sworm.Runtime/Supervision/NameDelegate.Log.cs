using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;

namespace Sworm.Supervision;

internal sealed partial class NameDelegate
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Supervision + 1, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} crashed")]
        public static partial void WorkerCrashed(ILogger logger, string sworm, string name, Exception exception);

        [LoggerMessage(EventId = SwormEventIds.Supervision + 2, Level = LogLevel.Information, Message = "Worker '{Name}' of sworm {Sworm} restarted as {Pid}")]
        public static partial void WorkerRestarted(ILogger logger, string sworm, string name, PID pid);

        [LoggerMessage(EventId = SwormEventIds.Supervision + 3, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} could not be restarted: {Reason}")]
        public static partial void RestartFailed(ILogger logger, string sworm, string name, string reason);

        [LoggerMessage(EventId = SwormEventIds.Supervision + 6, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} restarted more than {MaxRestarts} times within {Window}: giving up and removing the name")]
        public static partial void GaveUp(ILogger logger, string sworm, string name, int maxRestarts, TimeSpan window);
    }
}
