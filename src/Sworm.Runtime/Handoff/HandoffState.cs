using System.ComponentModel;
using System.Text.Json;
using Sworm.Serialization;

namespace Sworm.Handoff;

/// <summary>
/// A worker's state as it travels between members: JSON, so that it survives any member and
/// any process. Created by the runtime only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HandoffState
{
    internal HandoffState(string name, byte[] json)
    {
        Name = name;
        Json = json;
    }

    /// <summary>The registered name of the worker the state belongs to.</summary>
    public string Name { get; }

    internal byte[] Json { get; }

    internal static HandoffState Capture<TState>(string name, TState state)
    {
        try
        {
            return new HandoffState(name, JsonSerializer.SerializeToUtf8Bytes(state, SwormJson.Options));
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ArgumentException(
                $"The handoff state of '{name}' ({typeof(TState)}) cannot be serialized to JSON: {e.Message} " +
                "Hand off plain data (records, collections, primitives) that System.Text.Json can write and read back.",
                nameof(state), e);
        }
    }

    internal TState Read<TState>()
    {
        try
        {
            return JsonSerializer.Deserialize<TState>(Json, SwormJson.Options)!;
        }
        catch (Exception e) when (e is NotSupportedException or JsonException)
        {
            throw new InvalidOperationException(
                $"The handoff state of '{Name}' cannot be read as {typeof(TState)}: {e.Message} " +
                "Read it with the type the predecessor handed off.", e);
        }
    }
}
