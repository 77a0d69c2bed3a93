using Microsoft.Extensions.Logging;
using Proto;
using Proto.Timers;
using Sworm.Diagnostics;
using Sworm.Handoff;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision;

/// <summary>
/// Handoff, both ends (design: <c>Handoff/HandoffStep.cs</c>). Leaving: the worker answers <c>BeginHandoff</c>, its
/// state is stored on the member that will run the successor and acknowledged, the registry keeps the name on the
/// old pid, the pid is redirected to the move relay, then the worker stops and this delegate answers the leave step
/// once it has (the successor's member starts the next delegate of the name). Arriving: the successor's state is taken from
/// that store and <c>EndHandoff</c> is the worker's first message; its gate holds direct messages until sealed.
/// </summary>
internal sealed partial class NameDelegate
{
    private static readonly TimeSpan MoveOutTimeout = TimeSpan.FromSeconds(2);
    private const int StoreAttempts = 3;

    private (PID? Sender, WorkerHandedOff Reply)? _handedOff;

    private async Task OnHandOff(IContext context, HandOffWorker handOff)
    {
        await SettleStoppedWorker(context).InTurn(context);
        if (_worker is not { } worker || _spec is not { } spec || Stopping)
        {
            Reply(context, WorkerHandedOff.NotMoved(_name));
            return;
        }

        if (Handoffs.SuccessorAddress(_name) is not { } target)
        {
            Log.NoSuccessor(Logger, Settings.Name, _name);
            Reply(context, WorkerHandedOff.NotMoved(_name));
            return;
        }

        var (state, outcome) = await AskState(context, worker).InTurn(context);
        string? storedAt = null;
        if (state is not null)
        {
            (storedAt, outcome) = await Store(context, state, target, outcome).InTurn(context);
            target = storedAt ?? target;
        }

        // The name stays on the old pid in this member's part of the registry until the successor's pid replaces it.
        var held = await Registry.HoldMoving(context, _name, worker).InTurn(context);
        try
        {
            await context.RequestAsync<MovedOut>(worker, new MoveOut(handOff.Relay), MoveOutTimeout).InTurn(context);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            // Stuck in a handler: it cannot be moved; it stops with the member and restarts clean elsewhere.
            Log.Stuck(Logger, Settings.Name, _name);
            Raise(context, new NameHandedOff(Settings.Name, _name, HandoffOutcome.Failed, null));
            Reply(context, WorkerHandedOff.NotMoved(_name));
            return;
        }

        Raise(context, new NameHandedOff(Settings.Name, _name, outcome, target));
        Specs.NotHostedHere(context, _name);
        _handedOff = (_asker, new WorkerHandedOff(true, _name, spec, worker, storedAt, held.Groups));
        _worker = null;
        _spec = null;
        _stopping = true;
        context.Stop(worker);
    }

    /// <summary>Asks the worker for its state; no answer in time, a decline or a failure all mean "start clean".</summary>
    private async Task<(HandoffState? State, HandoffOutcome Outcome)> AskState(IContext context, PID worker)
    {
        try
        {
            var reply = await context.RequestAsync<HandoffReply>(worker, Handoffs.CreateBeginHandoff(_name), Handoffs.AnswerTimeout).InTurn(context);
            if (reply.Failure is { } failure)
            {
                Log.BeginHandoffFailed(Logger, Settings.Name, _name, failure);
                return (null, HandoffOutcome.Failed);
            }

            return (reply.State, reply.State is null ? HandoffOutcome.Ignored : HandoffOutcome.HandedOff);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.NoAnswer(Logger, Settings.Name, _name, Handoffs.AnswerTimeout);
            return (null, HandoffOutcome.TimedOut);
        }
    }

    /// <summary>
    /// Stores the state on the successor's member, acknowledged. A member that is leaving too (it began after this
    /// member chose it, as when two leave at once) refuses: it is noted as leaving and the next member that stays is
    /// tried. Returns where the state waits (null: nowhere, the successor starts clean).
    /// </summary>
    private async Task<(string? StoredAt, HandoffOutcome Outcome)> Store(IContext context, HandoffState state, string target, HandoffOutcome outcome)
    {
        for (var attempt = 0; attempt < StoreAttempts; attempt++)
        {
            try
            {
                var stored = await context.RequestAsync<HandoffStored>(Handoffs.StoreAt(target), new StoreHandoff(_name, state.Json, Topology.SelfId), Settings.RequestTimeout).InTurn(context);
                if (stored.RefusedBy is null)
                {
                    return (target, outcome);
                }

                Handoffs.NoteLeaving(stored.RefusedBy);
                if (Handoffs.SuccessorAddress(_name) is not { } next || next == target)
                {
                    break;
                }

                target = next;
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Log.StoreFailed(Logger, Settings.Name, _name, target, e);
                return (null, HandoffOutcome.Failed);
            }
        }

        Log.EveryTargetLeaving(Logger, Settings.Name, _name);
        return (null, HandoffOutcome.Failed);
    }

    /// <summary>Answers the leave step once the moved worker is gone (the host reported its stop to the registry first).</summary>
    private void OnMovedWorkerStopped(IContext context)
    {
        var (sender, reply) = _handedOff!.Value;
        _handedOff = null;
        Handoffs.Released(_name, this);
        if (sender is not null)
        {
            context.Send(sender, reply);
        }
    }

    /// <summary>The successor's side: takes the predecessor's state from the store it was left in (null: start clean).</summary>
    private async Task<byte[]?> TakeState(IContext context, HandoffArrival? arrival)
    {
        if (arrival?.StoreAddress is not { } at)
        {
            return null;
        }

        try
        {
            var taken = await context.RequestAsync<HandoffTaken>(Handoffs.StoreAt(at), new TakeHandoff(_name), Settings.RequestTimeout).InTurn(context);
            return taken.Json;
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.TakeFailed(Logger, Settings.Name, _name, at, e);
            return null;
        }
    }

    /// <summary>Right after the spawn, before anyone knows the pid: <c>EndHandoff</c> is the first message after <c>Started</c>.</summary>
    private void Arrive(IContext context, PID pid, HandoffArrival arrival, byte[]? state)
    {
        if (state is not null)
        {
            context.Send(pid, Handoffs.CreateEndHandoff(_name, state));
        }

        // The relay seals the move; this bound only keeps a successor whose leaver vanished from holding forever.
        context.Scheduler().SendOnce(Settings.RequestTimeout, pid, HandoffSealed.Instance);
        Log.Arrived(Logger, Settings.Name, _name, pid, state is not null, arrival.StoreAddress ?? "-");
    }

    /// <summary>
    /// The successor joins its predecessor's groups, so a <c>Publish</c> or <c>MultiCall</c> reaches it. The predecessor
    /// leaves them when it stops, just before; a replica that applies the join first may send one publication to both
    /// (the old pid's copy is relayed), never to neither.
    /// </summary>
    private async Task JoinGroups(IContext context, PID pid, HandoffArrival? arrival)
    {
        foreach (var group in arrival?.Groups ?? [])
        {
            using var deadline = new CancellationTokenSource(Settings.RequestTimeout);
            await Registry.ChangeGroup(context, group, pid, join: true, deadline.Token).InTurn(context);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Handoff + 1, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm}: no other member runs the sworm, so it has no successor; its state is dropped")]
        public static partial void NoSuccessor(ILogger logger, string sworm, string name);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 2, Level = LogLevel.Error, Message = "Worker '{Name}' of sworm {Sworm} failed on BeginHandoff ({Failure}); its successor starts clean")]
        public static partial void BeginHandoffFailed(ILogger logger, string sworm, string name, string failure);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 3, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} did not answer BeginHandoff within {Timeout}; its successor starts clean")]
        public static partial void NoAnswer(ILogger logger, string sworm, string name, TimeSpan timeout);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 4, Level = LogLevel.Error, Message = "Worker '{Name}' of sworm {Sworm}: storing its state on {Member} was not acknowledged; its successor starts clean")]
        public static partial void StoreFailed(ILogger logger, string sworm, string name, string member, Exception exception);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 5, Level = LogLevel.Error, Message = "Worker '{Name}' of sworm {Sworm} is stuck in a handler and cannot move; it stops with its member and restarts clean elsewhere")]
        public static partial void Stuck(ILogger logger, string sworm, string name);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 6, Level = LogLevel.Error, Message = "Successor of '{Name}' in sworm {Sworm}: taking its state from {Member} failed; it starts clean")]
        public static partial void TakeFailed(ILogger logger, string sworm, string name, string member, Exception exception);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 7, Level = LogLevel.Debug, Message = "Successor of '{Name}' in sworm {Sworm} started as {Pid} (state: {WithState}, stored at {Member})")]
        public static partial void Arrived(ILogger logger, string sworm, string name, PID pid, bool withState, string member);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 9, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm}: every member asked to keep its state was leaving too; its successor starts clean")]
        public static partial void EveryTargetLeaving(ILogger logger, string sworm, string name);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 8, Level = LogLevel.Warning, Message = "Successor of '{Name}' in sworm {Sworm}: the name already runs elsewhere, the handed-off state is dropped")]
        public static partial void AlreadyRunning(ILogger logger, string sworm, string name);
    }
}
