using Proto;
using Proto.Mailbox;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Registered under a moved worker's pid on the leaving member, in place of the worker: every message that still
/// reaches the old pid (senders whose replica has not seen the successor yet) goes to the move relay, with its
/// sender, so a request is answered by the successor instead of failing as a dead letter.
/// </summary>
internal sealed class ForwardingProcess(ActorSystem system, PID relay, string oldId) : Process(system)
{
    protected override void SendUserMessage(PID pid, object message) =>
        System.Root.Send(relay, new RelayDirect(oldId, MessageEnvelope.Wrap(message)));

    // The worker's watchers were told when it stopped; a later watch of the old pid has nothing to watch.
    protected override void SendSystemMessage(PID pid, SystemMessage message)
    {
    }
}
