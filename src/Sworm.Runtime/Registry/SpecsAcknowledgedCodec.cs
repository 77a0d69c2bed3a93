using Sworm.Serialization;

namespace Sworm.Registry;

/// <summary>The binary form of a <see cref="SpecsAcknowledged"/> (one per registry delta that carried specs).</summary>
internal sealed class SpecsAcknowledgedCodec : WireCodec<SpecsAcknowledged>
{
    protected override void Write(WireWriter writer, SpecsAcknowledged message)
    {
        writer.Number(message.Sequence);
        writer.String(message.Holder);
    }

    protected override SpecsAcknowledged Read(ref WireReader reader)
    {
        var sequence = reader.Number();
        return new SpecsAcknowledged(sequence, reader.String()!);
    }
}
