using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Membership;

internal sealed partial class MembershipActor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Membership + 10, Level = LogLevel.Debug, Message = "Ignoring a membership view from {Sender} of cluster {Other}")]
        public static partial void ForeignView(ILogger logger, string sender, string other);

        [LoggerMessage(EventId = SwormEventIds.Membership + 11, Level = LogLevel.Warning, Message = "Member {Id} was {Reason}; shutting down so the process can rejoin with a new id")]
        public static partial void ShuttingDownRemoved(ILogger logger, string id, string reason);

        [LoggerMessage(EventId = SwormEventIds.Membership + 12, Level = LogLevel.Debug, Message = "Member {Id} is stopping; told {Count} peers")]
        public static partial void StoppingToldPeers(ILogger logger, string id, int count);

        [LoggerMessage(EventId = SwormEventIds.Membership + 13, Level = LogLevel.Debug, Message = "Member {Id} is silent but its port probe said {Outcome}")]
        public static partial void SilentButListening(ILogger logger, string id, ProbeOutcome outcome);

        [LoggerMessage(EventId = SwormEventIds.Membership + 15, Level = LogLevel.Warning, Message = "Member {Id} was removed from the cluster ({Reason}); it rejoins under a new identity")]
        public static partial void RejoiningRemoved(ILogger logger, string id, string reason);

        [LoggerMessage(EventId = SwormEventIds.Membership + 16, Level = LogLevel.Warning, Message = "Member {Id} did not run for {Ms} ms (a long GC pause or a frozen process); its peers' silence is not judged on this tick")]
        public static partial void WasPaused(ILogger logger, string id, long ms);

        [LoggerMessage(EventId = SwormEventIds.Membership + 17, Level = LogLevel.Information, Message = "Member {Id}: this process could not run its work for {Ms} ms (thread pool starved or GC); that time is not counted as its peers' silence")]
        public static partial void CreditedStall(ILogger logger, string id, long ms);

        [LoggerMessage(EventId = SwormEventIds.Membership + 14, Level = LogLevel.Debug, Message = "Publishing a topology of {Count} members")]
        public static partial void PublishingTopology(ILogger logger, int count);
    }
}
