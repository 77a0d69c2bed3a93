using Proto;
using Sworm.Handoff;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Worker middleware on the leaving side of a move (one instance per worker). Once the worker has answered
/// <c>BeginHandoff</c> (or failed to), its state is captured, so nothing else may reach it: messages are held.
/// On <see cref="MoveOut"/> the worker's pid is re-registered as a <see cref="ForwardingProcess"/> (new messages go
/// to the relay), the held messages go to the relay in order, and a marker through the worker's own mailbox tells
/// when everything queued before the redirection was forwarded too; only then does the delegate stop the worker.
/// So the relay sees the old pid's messages in arrival order. When the worker stops, Proto unregisters its pid; the
/// forwarding process is registered again at once (a message in between is a dead letter, relayed if it has no sender).
/// </summary>
internal sealed class MoveForwarder(Handoffs handoffs)
{
    private readonly List<MessageEnvelope> _held = [];
    private Mode _mode;
    private PID? _relay;
    private PID? _moveOutSender;

    private enum Mode
    {
        Normal,
        Holding,
        Forwarding,
    }

    public Func<Receiver, Receiver> Middleware => next => (context, envelope) => Receive(context, envelope, next);

    private async Task Receive(IReceiverContext context, MessageEnvelope envelope, Receiver next)
    {
        var message = envelope.Message;
        if (message is Started or Stopping or Restarting)
        {
            await next(context, envelope).ConfigureAwait(false);
            return;
        }

        if (message is Stopped)
        {
            await next(context, envelope).ConfigureAwait(false);
            if (_mode == Mode.Forwarding)
            {
                context.System.ProcessRegistry.TryAdd(context.Self.Id, new ForwardingProcess(context.System, _relay!, context.Self.Id, worker: null));
            }

            return;
        }

        switch (_mode)
        {
            case Mode.Normal when message is BeginHandoffMessage:
                await Answer(context, envelope, next).ConfigureAwait(false);
                _mode = Mode.Holding;
                break;
            case Mode.Normal:
                await next(context, envelope).ConfigureAwait(false);
                break;
            case Mode.Holding when message is MoveOut moveOut:
                RedirectPid(context, moveOut.Relay, envelope.Sender);
                break;
            case Mode.Holding:
                _held.Add(envelope);
                break;
            case Mode.Forwarding when message is DrainMarker:
                context.System.Root.Send(_relay!, new WorkerDrained(context.Self.Id));
                if (_moveOutSender is { } sender)
                {
                    context.System.Root.Send(sender, new MovedOut());
                }

                break;
            case Mode.Forwarding:
                context.System.Root.Send(_relay!, new RelayFromWorker(context.Self.Id, envelope));
                break;
        }
    }

    /// <summary>Lets the worker answer; a throwing handler (or a state JSON cannot write) counts as declining, with the reason.</summary>
    private static async Task Answer(IReceiverContext context, MessageEnvelope envelope, Receiver next)
    {
        try
        {
            await next(context, envelope).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (envelope.Sender is { } sender)
            {
                var reason = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
                context.System.Root.Send(sender, new HandoffReply(null, $"{reason.GetType().FullName}: {reason.Message}"));
            }
        }
    }

    private void RedirectPid(IReceiverContext context, PID relay, PID? moveOutSender)
    {
        _relay = relay;
        _moveOutSender = moveOutSender;
        var self = context.Self;
        handoffs.Moving(self);
        var worker = context.System.ProcessRegistry.Get(self);
        context.System.ProcessRegistry.Remove(self);
        context.System.ProcessRegistry.TryAdd(self.Id, new ForwardingProcess(context.System, relay, self.Id, worker));
        foreach (var held in _held)
        {
            context.System.Root.Send(relay, new RelayFromWorker(self.Id, held));
        }

        _held.Clear();
        _mode = Mode.Forwarding;

        // Self still points at this actor's own process (the pid object caches it), so the marker lands behind
        // every message queued before the redirection.
        context.System.Root.Send(self, DrainMarker.Instance);
    }
}
