using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;
using Sworm.Handoff;
using Sworm.Registry;
using Sworm.Supervision.Failover;

namespace Sworm.Supervision;

/// <summary>
/// A name conflict this delegate lost (<see cref="ConflictLost"/>, from the local registry actor; the rule is
/// <see cref="ConflictRule"/>): another member's worker keeps the name, so this delegate stops its own worker without
/// restarting it, unpublishes it and stops. Its spec copies on other members are re-pointed at the winner's member, not dropped.
///
/// Handoff: with <c>SwormOptions.Handoff</c>, the loser's state is captured here before its worker stops
/// (<see cref="CaptureConflictState"/>) and sent to the winner as the generated <c>ResolveConflict</c>
/// (<see cref="SendConflictState"/>). The BeginHandoff exchange is built on the handoff branch; until it fills these
/// two in, the loser's state is not carried over (the winner keeps its own).
/// </summary>
internal sealed partial class DelegateActor
{
    private async Task OnConflictLost(IContext context, ConflictLost lost)
    {
        if (_worker is not { } worker || !worker.Equals(lost.Loser))
        {
            return; // already stopped or restarted under another pid: the registry sees the change by itself
        }

        ConflictLog.StoppingLoser(logger, settings.Name, _name, worker.ToString(), lost.Winner.ToString(), lost.WinnerSource);
        if (await CaptureConflictState(context, worker).ConfigureAwait(false) is { } state)
        {
            SendConflictState(context, lost.Winner, state);
        }

        // Copies that this member's publication pointed at itself now point at the winner's member, so its crash
        // restores the name (the spec of one name is the same on both sides).
        if (_spec is { } spec && settings.CopiesSpecs)
        {
            var repoint = new StoreSpec(_name, spec, lost.WinnerSource);
            specs.SendToPeers(context, repoint);
        }

        await StopWorkerForGood(context, worker).ConfigureAwait(false);
    }

    /// <summary>Below the static quorum: the worker stops, its spec copies stay (the side that has quorum restores it).</summary>
    private async Task OnQuorumLost(IContext context, QuorumLost lost)
    {
        if (_worker is not { } worker || !worker.Equals(lost.Worker))
        {
            return;
        }

        ConflictLog.StoppingBelowQuorum(logger, settings.Name, _name, worker.ToString());
        await StopWorkerForGood(context, worker).ConfigureAwait(false);
    }

    private async Task StopWorkerForGood(IContext context, PID worker)
    {
        // Cleared first, so neither the worker's Terminated nor this delegate's Stopping restarts or hands it over.
        _worker = null;
        _spec = null;
        await context.StopAsync(worker).ConfigureAwait(false);
        try
        {
            await registry.Unpublish(context, _name, worker).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The registry actor drops the publication anyway once the watched worker's Terminated arrives.
        }

        if (specs.LocalStore is { } store)
        {
            context.Send(store, new HostedSpec(_name, null));
        }

        StopIfIdle(context);
    }

    /// <summary>
    /// Hook for handoff: the losing worker's state, taken with the BeginHandoff exchange, or null when the sworm has no
    /// handoff (today always null; filled in by the handoff work).
    /// </summary>
    private static Task<HandoffState?> CaptureConflictState(IContext context, PID worker) => Task.FromResult<HandoffState?>(null);

    /// <summary>
    /// Hook for handoff: deliver <paramref name="state"/> to the winning worker as the sworm's generated
    /// <c>ResolveConflict</c> (<c>SwormDeclaration.CreateResolveConflict</c>). No-op until the handoff work fills it in.
    /// </summary>
    private static void SendConflictState(IContext context, PID winner, HandoffState state)
    {
    }

    private static partial class ConflictLog
    {
        [LoggerMessage(EventId = SwormEventIds.Supervision + 61, Level = LogLevel.Information, Message = "Sworm {Sworm}: this member is below its static quorum; stopping the worker {Worker} of '{Name}' (the side that has quorum restarts it)")]
        public static partial void StoppingBelowQuorum(ILogger logger, string sworm, string name, string worker);

        [LoggerMessage(EventId = SwormEventIds.Supervision + 60, Level = LogLevel.Warning, Message = "Sworm {Sworm}: name '{Name}' conflict lost; stopping this member's worker {Loser} (the winner is {Winner} on member {WinnerSource})")]
        public static partial void StoppingLoser(ILogger logger, string sworm, string name, string loser, string winner, string winnerSource);
    }
}
