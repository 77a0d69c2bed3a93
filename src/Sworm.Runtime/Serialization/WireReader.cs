using System.Text;
using Proto;

namespace Sworm.Serialization;

/// <summary>Reads what a <see cref="WireWriter"/> wrote, in the same order. A message cut short is an <see cref="InvalidOperationException"/>.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    /// <summary>Whether every byte was read (a codec checks it: a longer message is from another version).</summary>
    public readonly bool AtEnd => _position == _bytes.Length;

    public byte Byte() => _position < _bytes.Length ? _bytes[_position++] : throw CutShort();

    public bool Bool() => Byte() != 0;

    public long Number()
    {
        var value = Unsigned();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public ulong Unsigned()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidOperationException("A Sworm message has a malformed number: the members do not run the same Sworm version.");
    }

    public string? String()
    {
        var length = Length();
        if (length < 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(Take(length));
        return text;
    }

    public PID? Pid() => Bool() ? new PID(String() ?? "", String() ?? "") { RequestId = (uint)Unsigned() } : null;

    /// <summary>An array or null, as <see cref="WireWriter.Array{T}"/> wrote it: each element by <paramref name="read"/>.</summary>
    public T[]? Array<T>(ReadItem<T> read)
    {
        var length = Length();
        if (length < 0)
        {
            return null;
        }

        var items = new T[length];
        for (var i = 0; i < length; i++)
        {
            items[i] = read(ref this);
        }

        return items;
    }

    /// <summary>An array's length, or -1 for null.</summary>
    public int Length()
    {
        var value = Unsigned();
        return value == 0 ? -1 : checked((int)(value - 1));
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (_bytes.Length - _position < length)
        {
            throw CutShort();
        }

        var span = _bytes.Slice(_position, length);
        _position += length;
        return span;
    }

    private static InvalidOperationException CutShort() =>
        new("A Sworm message ended early: the members do not run the same Sworm version, or the message was damaged.");
}

/// <summary>Reads one element of an array (<see cref="WireReader.Array{T}"/>).</summary>
internal delegate T ReadItem<out T>(ref WireReader reader);
