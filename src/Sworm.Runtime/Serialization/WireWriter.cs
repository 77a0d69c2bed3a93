using System.Buffers;
using System.Text;
using Google.Protobuf;
using Proto;

namespace Sworm.Serialization;

/// <summary>
/// Writes a message's compact binary form (<see cref="WireCodec{T}"/>): varints, length-prefixed UTF-8 strings (null
/// kept apart from empty), PIDs. One per thread, its buffer reused; <see cref="ToByteString"/> copies out exactly the
/// bytes written.
/// </summary>
internal sealed class WireWriter
{
    [ThreadStatic]
    private static WireWriter? _current;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>This thread's writer, emptied.</summary>
    public static WireWriter Rent()
    {
        var writer = _current ??= new WireWriter();
        writer._buffer.ResetWrittenCount();
        return writer;
    }

    public ByteString ToByteString() => UnsafeByteOperations.UnsafeWrap(_buffer.WrittenSpan.ToArray());

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Number(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63))); // zig-zag: small negatives stay short

    public void Unsigned(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    /// <summary>A string or null: its UTF-8 length plus one (0 = null), then the bytes.</summary>
    public void String(string? value)
    {
        if (value is null)
        {
            Unsigned(0);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        Unsigned((ulong)length + 1);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>A PID or null: its address, id and request id.</summary>
    public void Pid(PID? pid)
    {
        Bool(pid is not null);
        if (pid is not null)
        {
            String(pid.Address);
            String(pid.Id);
            Unsigned(pid.RequestId);
        }
    }

    /// <summary>An array or null: its length plus one (0 = null), then each element.</summary>
    public void Array<T>(T[]? values, Action<WireWriter, T> write)
    {
        if (values is null)
        {
            Unsigned(0);
            return;
        }

        Unsigned((ulong)values.Length + 1);
        foreach (var value in values)
        {
            write(this, value);
        }
    }
}
