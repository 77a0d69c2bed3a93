using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// On a leaving member, while it hands off: the messages that reach moved workers' old pids, kept per old pid in
/// arrival order and forwarded (with their senders) to the successor once it is known. First what the worker held
/// and forwarded (<see cref="RelayFromWorker"/>), then, once the worker drained, what the redirected pid received
/// (<see cref="RelayDirect"/>). Each forwarded message carries <see cref="HandoffGate.RelayedHeader"/>, so the
/// successor runs it while it still holds messages sent to it directly; <see cref="SealMoves"/> ends the holding.
/// </summary>
internal sealed partial class MoveRelayActor(Handoffs handoffs, string sworm, ILogger logger) : IActor
{
    private readonly Dictionary<string, Move> _moves = new(StringComparer.Ordinal);
    private int _relayed;
    private int _dropped;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case RelayFromWorker fromWorker:
                Deliver(context, MoveOf(fromWorker.OldId), fromWorker.Envelope);
                break;
            case RelayDirect direct:
                var move = MoveOf(direct.OldId);
                if (move.Drained)
                {
                    Deliver(context, move, direct.Envelope);
                }
                else
                {
                    move.Direct.Add(direct.Envelope);
                }

                break;
            case WorkerDrained drained:
                var done = MoveOf(drained.OldId);
                done.Drained = true;
                foreach (var envelope in done.Direct)
                {
                    Deliver(context, done, envelope);
                }

                done.Direct.Clear();
                break;
            case RelayTarget target:
                OnTarget(context, target);
                break;
            case RelayPointed pointed:
                MoveOf(pointed.OldId).Sequence = pointed.Sequence;
                break;
            case SealMoves seal:
                foreach (var sealing in _moves.Values.Where(m => m.Successor is not null && !m.Sealed
                             && (seal.All || (m.Sequence > 0 && m.Sequence <= seal.UpTo))))
                {
                    sealing.Sealed = true;
                    context.Send(sealing.Successor!, Relayed(MessageEnvelope.Wrap(HandoffSealed.Instance)));
                }

                context.Respond(new MovesSealed(_moves.Count, _relayed, _dropped));
                break;
        }

        return Task.CompletedTask;
    }

    private Move MoveOf(string oldId)
    {
        if (!_moves.TryGetValue(oldId, out var move))
        {
            move = new Move();
            _moves[oldId] = move;
        }

        return move;
    }

    private void OnTarget(IContext context, RelayTarget target)
    {
        var move = MoveOf(target.OldId);
        move.Name = target.Name;
        move.Successor = target.Successor;
        move.Known = true;
        if (target.Successor is null)
        {
            if (move.Pending.Count + move.Direct.Count > 0)
            {
                Log.Dropped(logger, sworm, target.Name, move.Pending.Count + move.Direct.Count);
            }

            _dropped += move.Pending.Count + move.Direct.Count;
            move.Pending.Clear();
            move.Direct.Clear();
            return;
        }

        foreach (var envelope in move.Pending)
        {
            Forward(context, move, envelope);
        }

        move.Pending.Clear();
    }

    private void Deliver(IContext context, Move move, MessageEnvelope envelope)
    {
        if (move.Successor is not null)
        {
            Forward(context, move, envelope);
        }
        else if (move.Known)
        {
            _dropped++;
        }
        else
        {
            move.Pending.Add(envelope);
        }
    }

    private void Forward(IContext context, Move move, MessageEnvelope envelope)
    {
        context.Send(move.Successor!, Relayed(envelope));
        _relayed++;
        handoffs.CountRelayed(1);
    }

    private static MessageEnvelope Relayed(MessageEnvelope envelope) => envelope.WithHeader(HandoffGate.RelayedHeader, "1");

    private sealed class Move
    {
        public string Name { get; set; } = "";
        public List<MessageEnvelope> Pending { get; } = [];
        public List<MessageEnvelope> Direct { get; } = [];
        public bool Drained { get; set; }
        public bool Known { get; set; }
        public PID? Successor { get; set; }
        public bool Sealed { get; set; }
        public long Sequence { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Handoff + 30, Level = LogLevel.Warning, Message = "Worker '{Name}' of sworm {Sworm} has no successor: {Count} messages sent to it during the move are dropped")]
        public static partial void Dropped(ILogger logger, string sworm, string name, int count);
    }
}
