using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Sworm.Serialization;

namespace Sworm.Workers;

/// <summary>
/// Reads a worker's constructor arguments back from a <see cref="WorkerSpec"/>. Used by the generated
/// worker factories; not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WorkerArgumentsReader
{
    private readonly WorkerSpec _spec;

    // The arguments' UTF-8 text once, and where each top-level element of the array lies in it: each is deserialized
    // from its slice (no JsonDocument, no clone per element: they were most of a worker start's garbage).
    private readonly byte[] _utf8;
    private readonly (int Start, int Length)[] _arguments;

    internal WorkerArgumentsReader(WorkerSpec spec)
    {
        _spec = spec;
        try
        {
            _utf8 = Encoding.UTF8.GetBytes(spec.Arguments);
            _arguments = Split(_utf8);
        }
        catch (JsonException e)
        {
            throw new ArgumentException(
                $"The arguments of worker spec {spec} are not valid: {e.Message}. Create specs with the generated Spec(...) methods.",
                nameof(spec), e);
        }
    }

    private static (int Start, int Length)[] Split(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("the arguments are not a JSON array");
        }

        // One array per worker built: the slices gather on the stack (a spec rarely has more than a few arguments).
        Span<(int, int)> slices = stackalloc (int, int)[8];
        List<(int, int)>? more = null;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip(); // to the end of an object or array; a plain value is one token
            var slice = (start, (int)reader.BytesConsumed - start);
            if (count < slices.Length)
            {
                slices[count] = slice;
            }
            else
            {
                (more ??= []).Add(slice);
            }

            count++;
        }

        if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
        {
            throw new JsonException("the arguments are not one JSON array");
        }

        return more is null ? slices[..count].ToArray() : [.. slices, .. more];
    }

    /// <summary>How many arguments the spec carries.</summary>
    public int Count => _arguments.Length;

    /// <summary>Reads argument number <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    public T Get<T>(int index, string parameterName)
    {
        if (index >= _arguments.Length)
        {
            throw new ArgumentException(
                $"Worker spec {_spec} carries {_arguments.Length} argument(s) but its constructor needs '{parameterName}' at position {index}. " +
                "Create specs with the generated Spec(...) methods, from the same version of the worker.");
        }

        try
        {
            var (start, length) = _arguments[index];
            return JsonSerializer.Deserialize<T>(_utf8.AsSpan(start, length), SwormJson.Options)!;
        }
        catch (Exception e) when (e is NotSupportedException or JsonException)
        {
            throw new ArgumentException(
                $"Argument '{parameterName}' of worker spec {_spec} cannot be read as {typeof(T)}: {e.Message}", e);
        }
    }
}
