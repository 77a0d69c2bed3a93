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
        var changes = reader.Array(static (ref WireReader r) =>
        {
            var kind = (RegistryChangeKind)r.Byte();
            var key = r.String()!;
            return new RegistryChange(kind, key, r.Pid()!);
        }) ?? [];
        DateTimeOffset? sentAt = reader.Bool() ? new DateTimeOffset(reader.Number(), TimeSpan.Zero) : null;
        var specs = reader.Array(static (ref WireReader r) =>
        {
            var name = r.String()!;
            return new CarriedSpec(name, WorkerSpecWire.Read(ref r));
        });
        return new RegistryDelta(source, first, changes, sentAt, specs);
    }
}
