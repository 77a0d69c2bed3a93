using Sworm.Serialization;
using Sworm.Workers;

namespace Sworm.Registry;

/// <summary>The binary form of a <see cref="RegistryDelta"/> (every member's changes, with the specs they carry, to every peer).</summary>
internal sealed class RegistryDeltaCodec : WireCodec<RegistryDelta>
{
    protected override void Write(WireWriter writer, RegistryDelta message)
    {
        writer.String(message.Source);
        writer.Number(message.FirstSequence);
        writer.Array(message.Changes, static (w, change) =>
        {
            w.Byte((byte)change.Kind);
            w.String(change.Key);
            w.Pid(change.Pid);
        });
        writer.Bool(message.SentAt is not null);
        if (message.SentAt is { } sentAt)
        {
            writer.Number(sentAt.UtcTicks);
        }

        writer.Array(message.Specs, static (w, spec) =>
        {
            w.String(spec.Name);
            WorkerSpecWire.Write(w, spec.Spec);
        });
    }

    protected override RegistryDelta Read(ref WireReader reader)
    {
        var source = reader.String()!;
        var first = reader.Number();
        var changes = new RegistryChange[Math.Max(reader.Length(), 0)];
        for (var i = 0; i < changes.Length; i++)
        {
            var kind = (RegistryChangeKind)reader.Byte();
            var key = reader.String()!;
            changes[i] = new RegistryChange(kind, key, reader.Pid()!);
        }

        DateTimeOffset? sentAt = reader.Bool() ? new DateTimeOffset(reader.Number(), TimeSpan.Zero) : null;
        CarriedSpec[]? specs = null;
        var count = reader.Length();
        if (count >= 0)
        {
            specs = new CarriedSpec[count];
            for (var i = 0; i < count; i++)
            {
                var name = reader.String()!;
                specs[i] = new CarriedSpec(name, WorkerSpecWire.Read(ref reader));
            }
        }

        return new RegistryDelta(source, first, changes, sentAt, specs);
    }
}
