using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Lifecycle;

namespace Sworm.Supervision.Failover;

/// <summary>Leave step: before Proto's shutdown starts, every spec hosted here is copied to every other member (see <see cref="SpecStoreActor"/>).</summary>
internal sealed partial class SpecHandOverStep(SwormSettings settings, SpecReplicator replicator, IRootContext root, ILogger logger) : IMemberStep
{
    public int Stage => LeaveStage.HandOverSpecs;

    public string Name => "hand over specs of " + settings.Name;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!settings.CopiesSpecs || replicator.LocalStore is not { } store)
        {
            return;
        }

        try
        {
            // Each batch request is bounded by RequestTimeout; this bound only guards against a stuck store.
            var handedOver = await root.RequestAsync<SpecsHandedOver>(store, new HandOverSpecs(), settings.RequestTimeout * 4).ConfigureAwait(false);
            Log.HandedOver(logger, settings.Name, handedOver.Specs, handedOver.Members - handedOver.Failed, handedOver.Members);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.HandOverTimedOut(logger, settings.Name, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Failover + 30, Level = LogLevel.Information, Message = "Sworm {Sworm}: handed {Specs} specs of this leaving member to {Acknowledged} of {Members} members")]
        public static partial void HandedOver(ILogger logger, string sworm, int specs, int acknowledged, int members);

        [LoggerMessage(EventId = SwormEventIds.Failover + 31, Level = LogLevel.Warning, Message = "Sworm {Sworm}: handing this leaving member's specs to the others did not finish; names whose copies are lost will not restart")]
        public static partial void HandOverTimedOut(ILogger logger, string sworm, Exception exception);
    }
}
