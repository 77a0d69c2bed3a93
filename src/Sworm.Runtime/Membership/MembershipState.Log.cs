using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Membership;

internal sealed partial class MembershipState
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Membership + 1, Level = LogLevel.Information, Message = "Member {Id} at {Address} joined cluster {Cluster}")]
        public static partial void MemberJoined(ILogger logger, string id, string address, string cluster);

        [LoggerMessage(EventId = SwormEventIds.Membership + 2, Level = LogLevel.Information, Message = "Member {Id} at {Address} removed from cluster {Cluster}: {Reason}")]
        public static partial void MemberRemoved(ILogger logger, string id, string address, string cluster, string reason);

        [LoggerMessage(EventId = SwormEventIds.Membership + 3, Level = LogLevel.Warning, Message = "Member {Id} claims this member's address {Address} and is younger; this member is probably stale")]
        public static partial void YoungerAtOwnAddress(ILogger logger, string id, string address);
    }
}
