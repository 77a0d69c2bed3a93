using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Supervision.Handoff;

internal sealed partial class HandoffStep
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Handoff + 10, Level = LogLevel.Information, Message = "Sworm {Sworm}: {Moved} workers of this leaving member handed off ({Relayed} messages relayed, {Dropped} dropped) in {Milliseconds} ms")]
        public static partial void HandedOff(ILogger logger, string sworm, int moved, int relayed, int dropped, long milliseconds);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 11, Level = LogLevel.Warning, Message = "Sworm {Sworm}: member {Member} did not acknowledge that this member leaves; a successor may land on this member and move again")]
        public static partial void AnnounceFailed(ILogger logger, string sworm, string member);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 15, Level = LogLevel.Warning, Message = "Sworm {Sworm}: {Count} workers could not be moved off this leaving member in time; they stop with it and restart clean elsewhere")]
        public static partial void LeftBehind(ILogger logger, string sworm, int count);
    }
}
