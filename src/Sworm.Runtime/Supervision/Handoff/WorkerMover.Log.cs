using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Supervision.Handoff;

internal sealed partial class WorkerMover
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Handoff + 12, Level = LogLevel.Error, Message = "Worker '{Name}' of sworm {Sworm} could not be handed off ({Reason})")]
        public static partial void MoveFailed(ILogger logger, string sworm, string name, string reason);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 13, Level = LogLevel.Error, Message = "Successor of '{Name}' in sworm {Sworm} did not start ({Reason}); the messages sent to it during the move are dropped")]
        public static partial void SuccessorFailed(ILogger logger, string sworm, string name, string reason);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 14, Level = LogLevel.Warning, Message = "Sworm {Sworm}: member {Member} did not confirm it sees the moved names in time; its late messages are still relayed")]
        public static partial void BarrierFailed(ILogger logger, string sworm, string member);
    }
}
