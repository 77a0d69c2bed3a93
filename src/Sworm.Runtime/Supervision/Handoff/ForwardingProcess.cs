using Proto;
using Proto.Mailbox;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Registered under a moved worker's pid on the leaving member, in place of the worker: every message that still
/// reaches the old pid (senders whose replica has not seen the successor yet) goes to the move relay, with its
/// sender, so a request is answered by the successor instead of failing as a dead letter. While the worker itself
/// still runs (<paramref name="worker"/>), a stop of the pid (its host stopping its workers looks the pid up in the
/// registry) still reaches it.
/// </summary>
internal sealed class ForwardingProcess(ActorSystem system, PID relay, string oldId, Process? worker) : Process(system)
{
    protected override void SendUserMessage(PID pid, object message) =>
        System.Root.Send(relay, new RelayDirect(oldId, MessageEnvelope.Wrap(message)));

    // Other system messages (watches) have nothing left to act on: the worker's watchers are told when it stops.
    protected override void SendSystemMessage(PID pid, SystemMessage message)
    {
        if (message is Stop)
        {
            worker?.Stop(pid);
        }
    }

    public override void Stop(PID pid) => worker?.Stop(pid);
}
