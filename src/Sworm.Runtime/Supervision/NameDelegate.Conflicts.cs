using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;
using Sworm.Handoff;
using Sworm.Registry;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision;

/// <summary>
/// A name conflict this delegate lost (<see cref="ConflictLost"/>, from the local registry actor; the rule is
/// <see cref="ConflictRule"/>): another member's worker keeps the name, so this delegate stops its own worker without
/// restarting it and unpublishes it; then the host drops the delegate. Its spec copies on other members are re-pointed at the winner's member, not dropped.
///
/// Handoff (API.md §5, last paragraph): on a handoff sworm the losing worker is first asked <c>BeginHandoff</c> (bounded
/// by <c>HandoffTimeoutMs</c>); a state it replies is sent to the winning worker's pid, on whichever member it runs, as
/// <see cref="DeliverConflictState"/>, which the winner's <see cref="ConflictStateReceiver"/> turns into the generated
/// <c>ResolveConflict</c>; the acknowledgement (or a request timeout) comes before the loser stops. A loser that ignores,
/// does not answer in time, throws or replies a state JSON cannot write hands nothing over: the winner gets no
/// <c>ResolveConflict</c> at all (never one without a state). The loser is stopped whatever happens to the state.
/// </summary>
internal sealed partial class NameDelegate
{
    private async Task OnConflictLost(IContext context, ConflictLost lost)
    {
        if (_worker is not { } worker || !worker.Equals(lost.Loser))
        {
            return; // already stopped or restarted under another pid: the registry sees the change by itself
        }

        if (!await WinnerAnswers(context, lost.Winner).InTurn(context))
        {
            // The winner stopped since the registry saw both (unregistered, crashed, or its member left): stopping
            // ours too could lose the name.
            // If the conflict is still there, the registry tells us again.
            ConflictLog.WinnerGone(Logger, Settings.Name, _name, lost.Winner.ToString());
            return;
        }

        ConflictLog.StoppingLoser(Logger, Settings.Name, _name, worker.ToString(), lost.Winner.ToString(), lost.WinnerSource);
        if (Handoffs.Enabled && !lost.WinnerIsClaim && await CaptureLoserState(context, worker).InTurn(context) is { } state)
        {
            await SendConflictState(context, lost.Winner, state).InTurn(context);
        }

        // Copies that this member's publication pointed at itself now point at the winner's member, so its crash
        // restores the name (the spec of one name is the same on both sides).
        if (_spec is { } spec && Settings.CopiesSpecs)
        {
            var repoint = new StoreSpec(_name, spec, lost.WinnerSource);
            Specs.SendToPeers(context, repoint);
        }

        await StopWorkerForGood(context, worker).InTurn(context);
    }

    /// <summary>
    /// Below the static quorum: the worker stops, its spec copies stay, and the local store keeps the spec as suspended: this
    /// member restores the name once the quorum is back, or the side that has quorum does if it removed this member.
    /// </summary>
    private async Task OnQuorumLost(IContext context, QuorumLost lost)
    {
        if (_worker is not { } worker || !worker.Equals(lost.Worker) || !Topology.BelowQuorum)
        {
            return; // not this worker any more, or the quorum came back while the message waited in the queue
        }

        ConflictLog.StoppingBelowQuorum(Logger, Settings.Name, _name, worker.ToString());
        await StopWorkerForGood(context, worker, suspended: _spec).InTurn(context);
    }

    // suspended: stopped below the quorum. The local store keeps the spec and restores the name once the quorum is
    // back, unless a member runs it by then. The side with quorum restores it only if it removed this member; a member
    // that dipped below quorum while the others still count it (they were rejoining, or a crash took the quorum away)
    // would otherwise lose every name it ran.
    private async Task StopWorkerForGood(IContext context, PID worker, WorkerSpec? suspended = null)
    {
        // Cleared first, so neither the worker's Terminated nor a handoff restarts or moves it.
        _worker = null;
        _spec = null;
        await context.StopAsync(worker).InTurn(context);
        try
        {
            await Registry.Unpublish(context, _name, worker).InTurn(context);
        }
        catch (TimeoutException)
        {
            // The registry actor drops the publication anyway once we report the worker's stop (its Terminated).
        }

        if (Specs.LocalStore is { } store)
        {
            context.Send(store, suspended is not null && Settings.CopiesSpecs ? new SuspendedSpec(_name, suspended) : new HostedSpec(_name, null));
        }
    }

    /// <summary>
    /// A rejoining member's old incarnation asks before it stops (its workers die with it, the winners' copies of their
    /// names keep running): the worker's state, delivered to the winner by the new incarnation.
    /// </summary>
    private async Task OnCaptureForRejoin(IContext context)
    {
        var state = Handoffs.Enabled && _worker is { } worker && !Stopping ? await CaptureLoserState(context, worker).InTurn(context) : null;
        Reply(context, new ConflictStateCaptured(_name, state?.Json));
    }

    /// <summary>The losing worker's state by the <c>BeginHandoff</c> exchange; null when it declined, did not answer in time or failed.</summary>
    private async Task<HandoffState?> CaptureLoserState(IContext context, PID worker)
    {
        try
        {
            var reply = await context.RequestAsync<HandoffReply>(worker, Handoffs.CreateBeginHandoff(_name), Handoffs.AnswerTimeout).InTurn(context);
            if (reply.Failure is { } failure)
            {
                ConflictLog.CaptureFailed(Logger, Settings.Name, _name, failure);
            }
            else if (reply.State is null)
            {
                ConflictLog.Declined(Logger, Settings.Name, _name);
            }

            return reply.State;
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            ConflictLog.NoAnswer(Logger, Settings.Name, _name, Handoffs.AnswerTimeout);
            return null;
        }
    }

    /// <summary>
    /// Delivers <paramref name="state"/> to the winning worker as the generated <c>ResolveConflict</c> and waits for its
    /// acknowledgement, bounded by the request timeout (the winner may run on another member). A failure is logged; the
    /// loser stops anyway.
    /// </summary>
    private async Task SendConflictState(IContext context, PID winner, HandoffState state)
    {
        try
        {
            var delivered = await context.RequestAsync<ConflictStateDelivered>(winner, new DeliverConflictState(_name, state.Json), Settings.RequestTimeout).InTurn(context);
            if (delivered.Failure is { } failure)
            {
                ConflictLog.WinnerFailed(Logger, Settings.Name, _name, winner.ToString(), failure);
            }
            else
            {
                ConflictLog.Delivered(Logger, Settings.Name, _name, winner.ToString());
            }
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            ConflictLog.DeliveryFailed(Logger, Settings.Name, _name, winner.ToString(), Settings.RequestTimeout, e);
        }
    }

    /// <summary>Whether the winner still runs, by its member's registry (a winner busy in a handler still counts).</summary>
    private async Task<bool> WinnerAnswers(IContext context, PID winner)
    {
        try
        {
            return (await Registry.Probe(context, winner).InTurn(context)).Alive;
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            return false; // its member does not answer: keeping ours can only leave a duplicate until the next conflict check
        }
    }

    private static partial class ConflictLog
    {
        [LoggerMessage(EventId = SwormEventIds.Supervision + 62, Level = LogLevel.Warning, Message = "Sworm {Sworm}: name '{Name}' conflict: the winner {Winner} no longer answers; this member keeps its worker")]
        public static partial void WinnerGone(ILogger logger, string sworm, string name, string winner);

        [LoggerMessage(EventId = SwormEventIds.Supervision + 61, Level = LogLevel.Information, Message = "Sworm {Sworm}: this member is below its static quorum; stopping the worker {Worker} of '{Name}' (restored once the quorum is back, unless the sworm keeps no spec copies)")]
        public static partial void StoppingBelowQuorum(ILogger logger, string sworm, string name, string worker);

        [LoggerMessage(EventId = SwormEventIds.Supervision + 60, Level = LogLevel.Warning, Message = "Sworm {Sworm}: name '{Name}' conflict lost; stopping this member's worker {Loser} (the winner is {Winner} on member {WinnerSource})")]
        public static partial void StoppingLoser(ILogger logger, string sworm, string name, string loser, string winner, string winnerSource);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 40, Level = LogLevel.Information, Message = "Sworm {Sworm}: the losing copy of '{Name}' handed its state to the winner {Winner} (ResolveConflict)")]
        public static partial void Delivered(ILogger logger, string sworm, string name, string winner);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 41, Level = LogLevel.Error, Message = "Sworm {Sworm}: the losing copy's state of '{Name}' did not reach the winner {Winner} within {Timeout}; the winner gets no ResolveConflict, the loser stops anyway")]
        public static partial void DeliveryFailed(ILogger logger, string sworm, string name, string winner, TimeSpan timeout, Exception exception);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 42, Level = LogLevel.Error, Message = "Sworm {Sworm}: the winner {Winner} of '{Name}' threw on ResolveConflict ({Failure}); it restarts by the sworm's strategy")]
        public static partial void WinnerFailed(ILogger logger, string sworm, string name, string winner, string failure);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 43, Level = LogLevel.Error, Message = "Sworm {Sworm}: the losing copy of '{Name}' failed on BeginHandoff ({Failure}); the winner gets no ResolveConflict")]
        public static partial void CaptureFailed(ILogger logger, string sworm, string name, string failure);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 44, Level = LogLevel.Warning, Message = "Sworm {Sworm}: the losing copy of '{Name}' did not answer BeginHandoff within {Timeout}; the winner gets no ResolveConflict")]
        public static partial void NoAnswer(ILogger logger, string sworm, string name, TimeSpan timeout);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 45, Level = LogLevel.Information, Message = "Sworm {Sworm}: the losing copy of '{Name}' ignored BeginHandoff; the winner gets no ResolveConflict")]
        public static partial void Declined(ILogger logger, string sworm, string name);
    }
}
