using Proto;
using Sworm.Handoff;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Worker middleware on a handoff sworm's workers, innermost: turns a <see cref="DeliverConflictState"/> (the losing
/// copy's state of a name conflict) into the sworm's generated <c>ResolveConflict</c>, lets the worker handle it in
/// mailbox order like any other message, then answers the loser's delegate. The worker sees no sender on it, so a
/// <c>Respond</c> in its handler cannot be mistaken for the acknowledgement.
/// </summary>
internal sealed class ConflictStateReceiver(Handoffs handoffs)
{
    public Func<Receiver, Receiver> Middleware => next => (context, envelope) => Receive(context, envelope, next);

    private async Task Receive(IReceiverContext context, MessageEnvelope envelope, Receiver next)
    {
        if (envelope.Message is not DeliverConflictState deliver)
        {
            await next(context, envelope).ConfigureAwait(false);
            return;
        }

        var resolve = new MessageEnvelope(handoffs.CreateResolveConflict(deliver.Name, deliver.Json), null, envelope.Header);
        try
        {
            await next(context, resolve).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The application's handler threw: the delegate restarts the worker as after any crash; the loser logs it.
            Answer(context, envelope, new ConflictStateDelivered($"{e.GetType().FullName}: {e.Message}"));
            throw;
        }

        Answer(context, envelope, new ConflictStateDelivered(null));
    }

    private static void Answer(IReceiverContext context, MessageEnvelope envelope, ConflictStateDelivered answer)
    {
        if (envelope.Sender is { } sender)
        {
            context.System.Root.Send(sender, answer);
        }
    }
}
