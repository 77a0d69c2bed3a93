namespace Sworm.Serialization;

/// <summary>
/// The compact binary form of one of Sworm's hot records (a registration, its answer, a registry delta), written by
/// <see cref="SwormWireSerializer"/> instead of JSON: measured on 2 cores, System.Text.Json's reader and writer stacks,
/// argument states and strings were about a tenth of the bytes allocated per new name (docs/performance.md). Each
/// codec lives beside its record (a layer above this one) and is registered on the serializer by the member.
/// </summary>
internal abstract class WireCodec<T> : IWireCodec where T : class
{
    /// <summary>The first byte of every message of this codec: a member of another Sworm version fails clearly.</summary>
    protected virtual byte Version => 1;

    public Type Type => typeof(T);

    public void Write(WireWriter writer, object message)
    {
        writer.Byte(Version);
        Write(writer, (T)message);
    }

    public object Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var version = reader.Byte();
        if (version != Version)
        {
            throw new InvalidOperationException($"A {typeof(T).Name} arrived in wire version {version}, and this member reads version {Version}: every member must run the same Sworm version.");
        }

        var message = Read(ref reader);
        return reader.AtEnd
            ? message
            : throw new InvalidOperationException($"A {typeof(T).Name} arrived longer than this member reads: every member must run the same Sworm version.");
    }

    protected abstract void Write(WireWriter writer, T message);

    protected abstract T Read(ref WireReader reader);
}
