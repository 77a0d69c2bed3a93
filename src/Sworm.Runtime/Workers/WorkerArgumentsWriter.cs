using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Sworm.Serialization;

namespace Sworm.Workers;

/// <summary>
/// Writes a worker's constructor arguments into a <see cref="WorkerSpec"/>. Used by the generated
/// <c>Spec(...)</c> methods; not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WorkerArgumentsWriter
{
    private readonly string _workerType;
    private readonly string _constructor;
    private readonly StringBuilder _json = new("[");
    private int _count;

    /// <summary>Starts the arguments of one constructor of one worker type.</summary>
    public WorkerArgumentsWriter(string workerType, string constructor)
    {
        _workerType = workerType;
        _constructor = constructor;
    }

    /// <summary>Adds the next argument.</summary>
    /// <exception cref="ArgumentException">The value cannot be serialized to JSON.</exception>
    public WorkerArgumentsWriter Add<T>(string parameterName, T value)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(value, SwormJson.Options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ArgumentException(
                $"Argument '{parameterName}' of worker {_workerType} ({typeof(T)}) cannot be serialized to JSON: {e.Message} " +
                "Worker arguments travel between members: pass plain data (records, collections, primitives), " +
                "or mark the parameter [FromServices] to resolve it from DI on the hosting member.",
                parameterName, e);
        }

        if (_count++ > 0)
        {
            _json.Append(',');
        }

        _json.Append(json);
        return this;
    }

    /// <summary>Finishes the spec.</summary>
    public WorkerSpec ToSpec() => new(_workerType, _constructor, _json.ToString() + "]");
}
