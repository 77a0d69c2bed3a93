using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;
using Sworm.Registry;

namespace Sworm.Supervision;

/// <summary>
/// One message at a time per name, in the host's turns: a message that arrives while the delegate is busy (waiting on a
/// remote call or a worker's <c>Started</c>) waits in the delegate's own queue, made on the first such message and
/// dropped once drained. This is the ordering a delegate's mailbox gave when it was an actor, without the actor.
/// </summary>
internal sealed partial class NameDelegate
{
    private Queue<(object Message, PID? Sender)>? _queue;
    private bool _busy;

    // Who asked the message being handled (answers go there): the host's current sender is another message's by the
    // time a queued message runs.
    private PID? _asker;

    /// <summary>Handles <paramref name="message"/> now, or after the messages before it; answers go to <paramref name="sender"/>.</summary>
    public void Post(IContext context, object message, PID? sender)
    {
        if (_busy)
        {
            (_queue ??= new Queue<(object, PID?)>(2)).Enqueue((message, sender));
            return;
        }

        Run(context, message, sender);
    }

    private void Run(IContext context, object message, PID? sender)
    {
        while (true)
        {
            _busy = true;
            _asker = sender;
            var handled = Handle(context, message);
            if (!handled.IsCompleted)
            {
                // Its last step runs in a later turn of the host; the next message waits for it.
                TurnResumption.After(handled, context, () =>
                {
                    Done(context, handled);
                    Next(context);
                });
                return;
            }

            Done(context, handled);
            if (!TryDequeue(out message, out sender))
            {
                all.Settled(context, this);
                return;
            }
        }
    }

    private void Next(IContext context)
    {
        if (TryDequeue(out var message, out var sender))
        {
            Run(context, message, sender);
        }
        else
        {
            all.Settled(context, this);
        }
    }

    private bool TryDequeue(out object message, out PID? sender)
    {
        if (_queue is null)
        {
            (message, sender) = (null!, null);
            return false;
        }

        (message, sender) = _queue.Dequeue();
        if (_queue.Count == 0)
        {
            _queue = null;
        }

        return true;
    }

    private void Done(IContext context, Task handled)
    {
        _busy = false;
        _asker = null;
        if (handled.Exception is { } failure)
        {
            // A step that threw (a local call past its timeout) left its work half done. As a restart of the delegate
            // actor did: its worker stops and the name goes (the registry drops it on the worker's stop); the asker
            // gets no answer and times out.
            TurnLog.StepFailed(Logger, Settings.Name, _name, failure.GetBaseException());
            if (_worker is { } worker)
            {
                context.Stop(worker);
            }

            _worker = null;
            _spec = null;
            _claimant = null;
            _claimantMember = null;
            _intensity = null;
        }
    }

    /// <summary>
    /// The host stops: it drops its delegates' pending steps (<see cref="TurnResumption"/>), so a step in progress never finishes and queued messages
    /// never run. Whoever waits on this delegate gets a dead letter and routes again (to the name's next home).
    /// </summary>
    public void Abandon(IContext context)
    {
        var deadLetter = new DeadLetterResponse { Target = context.Self };
        if (_busy && _asker is { } asker)
        {
            context.Send(asker, deadLetter);
        }

        _asker = null;
        while (TryDequeue(out _, out var sender))
        {
            if (sender is not null)
            {
                context.Send(sender, deadLetter);
            }
        }
    }

    private void Reply(IContext context, object message)
    {
        if (_asker is { } asker)
        {
            context.Send(asker, message);
        }
    }

    /// <summary>Whether the host may drop it now: idle, nothing queued or running, no tombstone; else how long its tombstone stands.</summary>
    public bool CanGo(out TimeSpan tombstone)
    {
        tombstone = TimeSpan.Zero;
        if (_busy || _queue is not null || !IsIdle)
        {
            return false;
        }

        return !RecentlyUnregistered(out tombstone);
    }

    private static partial class TurnLog
    {
        [LoggerMessage(EventId = SwormEventIds.Supervision + 7, Level = LogLevel.Error, Message = "Sworm {Sworm}: a step of the delegate of '{Name}' failed; its worker stops, the name goes and its asker gets no answer")]
        public static partial void StepFailed(ILogger logger, string sworm, string name, Exception exception);
    }

    /// <summary>
    /// Publishes this name's worker <paramref name="pid"/> in the registry, awaited in the host's turn (<see cref="TurnSignal{T}"/>),
    /// its spec already copied (a publication that carries the copies is sent by the worker's shell: <see cref="WorkerStart"/>).
    /// </summary>
    private TurnSignal<Published> Publish(IContext context, PID pid, bool arriving)
    {
        var reply = new TurnSignal<Published>(context, Settings.RequestDeadline(), "Publishing '{0}' in sworm '{1}'", _name, Settings.Name);
        Registry.Publish(context, _name, pid, reply, arriving);
        return reply;
    }
}
