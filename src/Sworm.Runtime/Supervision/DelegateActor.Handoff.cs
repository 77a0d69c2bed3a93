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
/// old pid, the pid is redirected to the move relay, then this delegate stops (the successor's member starts the
/// next delegate of the name) and answers the leave step from <c>Stopped</c>. Arriving: the successor's state is taken from
/// that store and <c>EndHandoff</c> is the worker's first message; its gate holds direct messages until sealed.
/// </summary>
internal sealed partial class DelegateActor
{
    private static readonly TimeSpan MoveOutTimeout = TimeSpan.FromSeconds(2);

    private (PID Sender, WorkerHandedOff Reply)? _handedOff;

    private async Task OnHandOff(IContext context, HandOffWorker handOff)
    {
        await SettleStoppedWorker(context).ConfigureAwait(false);
        if (_worker is not { } worker || _spec is not { } spec || _stopping)
        {
            context.Respond(WorkerHandedOff.NotMoved(_name));
            return;
        }

        if (handoffs.SuccessorAddress(_name) is not { } target)
        {
            Log.NoSuccessor(logger, settings.Name, _name);
            context.Respond(WorkerHandedOff.NotMoved(_name));
            return;
        }

        var (state, outcome) = await AskState(context, worker).ConfigureAwait(false);
        string? storedAt = null;
        if (state is not null)
        {
            try
            {
                await context.RequestAsync<HandoffStored>(handoffs.StoreAt(target), new StoreHandoff(_name, state.Json), settings.RequestTimeout).ConfigureAwait(false);
                storedAt = target;
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Log.StoreFailed(logger, settings.Name, _name, target, e);
                outcome = HandoffOutcome.Failed;
            }
        }

        // The name stays on the old pid in this member's part of the registry until the successor's pid replaces it.
        var held = await registry.HoldMoving(context, _name, worker).ConfigureAwait(false);
        try
        {
            await context.RequestAsync<MovedOut>(worker, new MoveOut(handOff.Relay), MoveOutTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            // Stuck in a handler: it cannot be moved; it stops with the member and restarts clean elsewhere.
            Log.Stuck(logger, settings.Name, _name);
            Raise(context, new NameHandedOff(settings.Name, _name, HandoffOutcome.Failed, null));
            context.Respond(WorkerHandedOff.NotMoved(_name));
            return;
        }

        Raise(context, new NameHandedOff(settings.Name, _name, outcome, target));
        specs.NotHostedHere(context, _name);
        _handedOff = (context.Sender!, new WorkerHandedOff(true, _name, spec, worker, storedAt, held.Groups));
        _worker = null;
        _spec = null;
        _stopping = true;
        context.Stop(context.Self);
    }

    /// <summary>Asks the worker for its state; no answer in time, a decline or a failure all mean "start clean".</summary>
    private async Task<(HandoffState? State, HandoffOutcome Outcome)> AskState(IContext context, PID worker)
    {
        try
        {
            var reply = await context.RequestAsync<HandoffReply>(worker, handoffs.CreateBeginHandoff(_name), handoffs.AnswerTimeout).ConfigureAwait(false);
            if (reply.Failure is { } failure)
            {
                Log.BeginHandoffFailed(logger, settings.Name, _name, failure);
                return (null, HandoffOutcome.Failed);
            }

            return (reply.State, reply.State is null ? HandoffOutcome.Ignored : HandoffOutcome.HandedOff);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.NoAnswer(logger, settings.Name, _name, handoffs.AnswerTimeout);
            return (null, HandoffOutcome.TimedOut);
        }
    }

    /// <summary>Answers the leave step once this delegate (and its worker) are gone, so the successor's delegate can start.</summary>
    private void OnDelegateStopped(IContext context)
    {
        handoffs.DelegateStopped(_name, context.Self);
        if (_handedOff is { } handedOff)
        {
            context.Send(handedOff.Sender, handedOff.Reply);
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
            var taken = await context.RequestAsync<HandoffTaken>(handoffs.StoreAt(at), new TakeHandoff(_name), settings.RequestTimeout).ConfigureAwait(false);
            return taken.Json;
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.TakeFailed(logger, settings.Name, _name, at, e);
            return null;
        }
    }

    /// <summary>Right after the spawn, before anyone knows the pid: <c>EndHandoff</c> is the first message after <c>Started</c>.</summary>
    private void Arrive(IContext context, PID pid, HandoffArrival arrival, byte[]? state)
    {
        if (state is not null)
        {
            context.Send(pid, handoffs.CreateEndHandoff(_name, state));
        }

        // The relay seals the move; this bound only keeps a successor whose leaver vanished from holding forever.
        context.Scheduler().SendOnce(settings.RequestTimeout, pid, HandoffSealed.Instance);
        Log.Arrived(logger, settings.Name, _name, pid, state is not null, arrival.StoreAddress ?? "-");
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
            using var deadline = new CancellationTokenSource(settings.RequestTimeout);
            await registry.ChangeGroup(context, group, pid, join: true, deadline.Token).ConfigureAwait(false);
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

        [LoggerMessage(EventId = SwormEventIds.Handoff + 8, Level = LogLevel.Warning, Message = "Successor of '{Name}' in sworm {Sworm}: the name already runs elsewhere, the handed-off state is dropped")]
        public static partial void AlreadyRunning(ILogger logger, string sworm, string name);
    }
}
