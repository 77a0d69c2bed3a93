using Sworm.Serialization;

namespace Sworm.Supervision;

/// <summary>The binary form of a <see cref="DelegateReply"/> (the answer to every registration from another member).</summary>
internal sealed class DelegateReplyCodec : WireCodec<DelegateReply>
{
    protected override void Write(WireWriter writer, DelegateReply message)
    {
        writer.Number((long)message.Outcome);
        writer.Pid(message.Pid);
        writer.String(message.Source);
        writer.Number(message.Sequence);
        writer.String(message.Reason);
    }

    protected override DelegateReply Read(ref WireReader reader)
    {
        var outcome = (DelegateOutcome)reader.Number();
        var pid = reader.Pid();
        var source = reader.String();
        var sequence = reader.Number();
        return new DelegateReply(outcome, pid, source, sequence, reader.String());
    }
}
