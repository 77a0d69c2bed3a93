using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Supervision.Handoff;

internal sealed partial class Rebalancer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Handoff + 40, Level = LogLevel.Information, Message = "Sworm {Sworm}: a member joined; rebalancing {Count} of this member's {Local} workers to their new owners, at most {Rate} moves per second")]
        public static partial void Started(ILogger logger, string sworm, int count, int local, int rate);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 41, Level = LogLevel.Information, Message = "Sworm {Sworm}: rebalance done: {Moved} workers moved, {Failed} failed, {Skipped} skipped (gone or owner changed meanwhile), {Relayed} messages relayed, in {Milliseconds} ms")]
        public static partial void Finished(ILogger logger, string sworm, int moved, int failed, int skipped, int relayed, long milliseconds);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 42, Level = LogLevel.Information, Message = "Sworm {Sworm}: this member is leaving, so the rebalance stopped after {Moved} moves; its leave hands off the other {Remaining}")]
        public static partial void Interrupted(ILogger logger, string sworm, int moved, int remaining);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 43, Level = LogLevel.Warning, Message = "Sworm {Sworm}: member {Member} joined but its handoff store does not answer; no rebalance toward it now (the next join retries)")]
        public static partial void TargetNotReady(ILogger logger, string sworm, string member);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 44, Level = LogLevel.Error, Message = "Sworm {Sworm}: rebalance failed")]
        public static partial void Failed(ILogger logger, string sworm, Exception exception);
    }
}
