using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Lifecycle;

namespace Sworm.Registry;

/// <summary>Start step: a joiner starts serving only once it holds every peer's part of the registry (a late joiner sees it all).</summary>
internal sealed partial class RegistrySyncStep(SwormSettings settings, RegistryClient registry, IRootContext root, TimeSpan joinTimeout, ILogger logger) : IMemberStep
{
    public int Stage => StartStage.SyncRegistry;

    public string Name => "sync the registry of " + settings.Name;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await root.RequestAsync<RegistrySynced>(registry.LocalPid!, new AwaitRegistrySynced(), cancellationToken)
                .WaitAsync(joinTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A peer that does not answer must not keep this member down; its part arrives when it answers.
            Log.RegistryNotSynced(logger, settings.Name, joinTimeout);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Registry + 1, Level = LogLevel.Warning, Message = "Sworm {Sworm}: not every peer's part of the registry arrived within {Timeout}; starting anyway, the rest follows when the peers answer")]
        public static partial void RegistryNotSynced(ILogger logger, string sworm, TimeSpan timeout);
    }
}
