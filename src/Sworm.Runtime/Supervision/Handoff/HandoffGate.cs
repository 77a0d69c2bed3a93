using Proto;
using Sworm.Handoff;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Worker middleware on a handoff sworm's workers. On a successor (<paramref name="arriving"/>) it holds the messages
/// sent straight to the new pid until <see cref="HandoffSealed"/>: by then the relay has delivered everything the
/// predecessor's pid received, so each sender's messages run in the order it sent them. Relayed messages (marked by a
/// header), <c>EndHandoff</c> and a lost conflict's state (<see cref="DeliverConflictState"/>, from another sender) pass at once. On any worker it swallows a stray <see cref="HandoffSealed"/>.
/// </summary>
internal sealed class HandoffGate(Handoffs handoffs, bool arriving)
{
    /// <summary>The header the relay puts on the messages it forwards.</summary>
    public const string RelayedHeader = "sworm-relayed";

    private readonly List<MessageEnvelope> _held = [];
    private bool _holding = arriving;

    public Func<Receiver, Receiver> Middleware => next => (context, envelope) => Receive(context, envelope, next);

    private async Task Receive(IReceiverContext context, MessageEnvelope envelope, Receiver next)
    {
        if (envelope.Message is HandoffSealed)
        {
            if (_holding)
            {
                _holding = false;
                foreach (var held in _held)
                {
                    await next(context, held).ConfigureAwait(false);
                }

                _held.Clear();
            }

            return;
        }

        if (!_holding
            || envelope.Message is Started or Stopping or Stopped or Restarting or EndHandoffMessage or BeginHandoffMessage or DeliverConflictState
            || envelope.Header.ContainsKey(RelayedHeader))
        {
            await next(context, envelope).ConfigureAwait(false);
            return;
        }

        handoffs.CountHeld();
        _held.Add(envelope);
    }
}
