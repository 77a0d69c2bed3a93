using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;

namespace Sworm.Membership;

internal sealed partial class SeedNodeProvider
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Membership + 20, Level = LogLevel.Warning, Message = "Could not detach Proto's MemberBlocked handler (unexpected Proto version?); a join racing a block may drop healthy members")]
        public static partial void BlockedHandlerNotDetached(ILogger logger);

        [LoggerMessage(EventId = SwormEventIds.Membership + 21, Level = LogLevel.Information, Message = "Member {Id} at {Address} is in cluster {Cluster} with {Count} members")]
        public static partial void InCluster(ILogger logger, string id, string address, string cluster, int count);

        [LoggerMessage(EventId = SwormEventIds.Membership + 22, Level = LogLevel.Debug, Message = "Could not announce the leave of member {Id}")]
        public static partial void LeaveNotAnnounced(ILogger logger, string id, Exception exception);

        [LoggerMessage(EventId = SwormEventIds.Membership + 23, Level = LogLevel.Information, Message = "Member {Id} at {Address} starts a new cluster {Cluster}")]
        public static partial void StartsNewCluster(ILogger logger, string id, string address, string cluster);

        [LoggerMessage(EventId = SwormEventIds.Membership + 24, Level = LogLevel.Information, Message = "Member {Id} at {Address} joined cluster {Cluster} through seed {Seed} in {Ms} ms")]
        public static partial void JoinedThroughSeed(ILogger logger, string id, string address, string cluster, string seed, long ms);

        [LoggerMessage(EventId = SwormEventIds.Membership + 25, Level = LogLevel.Information, Message = "No other seed of {Seeds} answered; member {Id} at {Address} is the first seed and starts a new cluster {Cluster}")]
        public static partial void FounderStartsCluster(ILogger logger, string seeds, string id, string address, string cluster);

        // SwormEventIds.Membership + 26 (a peer did not acknowledge the leave intent) is LeaveIntents'.

        [LoggerMessage(EventId = SwormEventIds.Membership + 27, Level = LogLevel.Information, Message = "Member {Id} left cluster {Cluster}")]
        public static partial void Left(ILogger logger, string id, string cluster);

        [LoggerMessage(EventId = SwormEventIds.Membership + 28, Level = LogLevel.Warning, Message = "ClusterConfig.HeartbeatExpiration is {Proto}: Proto's own expiry can block healthy members (its gossip lags, and a paused member blocks every peer on resume); give Proto zero (FailureDetectionOptions.ProtoHeartbeatExpiration) and let Sworm's detector decide")]
        public static partial void ProtoHeartbeatOn(ILogger logger, TimeSpan proto);
    }
}
