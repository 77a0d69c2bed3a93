using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;

namespace Sworm.Supervision.Failover;

/// <summary>The leaving member's hand-over of every spec it hosts.</summary>
internal sealed partial class SpecStoreActor
{
    private const int HandOverBatchSize = 500;

    /// <summary>
    /// This member is leaving gracefully. Its specs have copies on their rendezvous holders, but those may be leaving
    /// at the same moment (several members stopped together). So every other member gets a copy of every spec
    /// hosted here (or suspended here below a quorum), acknowledged before the member goes: whoever survives restores
    /// them, once each (one delegate per name), and drops its copy when the restore succeeded.
    /// </summary>
    private void HandOver(IContext context)
    {
        _handedOver = true;
        var self = topology.SelfId;
        var peers = topology.Peers();
        var own = OwnSpecs().ToArray();
        var batches = own.Chunk(HandOverBatchSize)
            .Select(chunk => new StoreSpecBatch(chunk.Select(kv => new SpecEntry(kv.Key, kv.Value)).ToArray(), self))
            .ToArray();
        var failed = 0;
        var sends = peers.Select(async peer =>
        {
            try
            {
                foreach (var batch in batches)
                {
                    await context.RequestAsync<SpecStored>(replicator.StoreAt(peer.Address), batch, settings.RequestTimeout).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Interlocked.Increment(ref failed);
                Log.HandOverFailed(logger, settings.Name, peer.Address, e);
            }
        });
        var specs = own.Length;
        context.ReenterAfter(Task.WhenAll(sends), _ =>
        {
            context.Respond(new SpecsHandedOver(specs, peers.Length, failed));
            return Task.CompletedTask;
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Failover + 20, Level = LogLevel.Warning, Message = "Sworm {Sworm}: member {Member} did not acknowledge the specs this leaving member handed over")]
        public static partial void HandOverFailed(ILogger logger, string sworm, string member, Exception exception);
    }
}
