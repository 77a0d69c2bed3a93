using Sworm.Serialization;

namespace Sworm.Workers;

/// <summary>A <see cref="WorkerSpec"/> (or null) in the binary records that carry one (<see cref="WireCodec{T}"/>).</summary>
internal static class WorkerSpecWire
{
    public static void Write(WireWriter writer, WorkerSpec? spec)
    {
        writer.Bool(spec is not null);
        if (spec is not null)
        {
            writer.String(spec.WorkerType);
            writer.String(spec.Constructor);
            writer.String(spec.Arguments);
        }
    }

    public static WorkerSpec? Read(ref WireReader reader) =>
        reader.Bool() ? new WorkerSpec(reader.String()!, reader.String()!, reader.String()!) : null;
}
