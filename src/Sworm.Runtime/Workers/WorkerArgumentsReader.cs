using System.ComponentModel;
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
    private readonly JsonElement[] _arguments;

    internal WorkerArgumentsReader(WorkerSpec spec)
    {
        _spec = spec;
        try
        {
            using var document = JsonDocument.Parse(spec.Arguments);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("the arguments are not a JSON array");
            }

            _arguments = document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
        }
        catch (JsonException e)
        {
            throw new ArgumentException(
                $"The arguments of worker spec {spec} are not valid: {e.Message}. Create specs with the generated Spec(...) methods.",
                nameof(spec), e);
        }
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
            return _arguments[index].Deserialize<T>(SwormJson.Options)!;
        }
        catch (Exception e) when (e is NotSupportedException or JsonException)
        {
            throw new ArgumentException(
                $"Argument '{parameterName}' of worker spec {_spec} cannot be read as {typeof(T)}: {e.Message}", e);
        }
    }
}
