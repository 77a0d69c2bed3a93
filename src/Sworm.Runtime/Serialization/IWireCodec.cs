namespace Sworm.Serialization;

/// <summary>A record's binary form on the wire (see <see cref="WireCodec{T}"/>), as <see cref="SwormWireSerializer"/> sees it.</summary>
internal interface IWireCodec
{
    /// <summary>The record type it writes and reads.</summary>
    Type Type { get; }

    void Write(WireWriter writer, object message);

    object Read(ReadOnlySpan<byte> bytes);
}
