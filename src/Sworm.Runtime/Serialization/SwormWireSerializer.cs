using System.Collections.Concurrent;
using Google.Protobuf;
using Proto.Remote;
using Json = System.Text.Json.JsonSerializer;

namespace Sworm.Serialization;

/// <summary>
/// How a Sworm member puts plain (non-protobuf) messages on the wire: Sworm's own records and the users' messages,
/// as JSON with System.Text.Json's default options, the same JSON Proto's own serializer writes. Registered on every
/// member (so every member of a Sworm cluster reads it) under <see cref="Id"/>, above Proto's JSON serializer and
/// below its protobuf one (protobuf messages keep going as protobuf).
///
/// Why not Proto's: measured on 2 cores (docs/performance.md), Proto 1.8.0's JSON serializer resolved the type name
/// with <c>Type.GetType</c> on every message received (its cache's value is computed before the lookup), 4.4% of all
/// CPU while names register, and went through a UTF-16 string both ways. This one resolves each type name once and
/// reads and writes UTF-8 directly. Sworm's hot records (a registration, its answer, a registry delta) have a binary
/// form instead (<see cref="WireCodec{T}"/>), registered by the member.
/// </summary>
internal sealed class SwormWireSerializer(IEnumerable<IWireCodec> codecs) : ISerializer
{
    private readonly Dictionary<Type, IWireCodec> _codecs = codecs.ToDictionary(c => c.Type);

    /// <summary>The serializer id on the wire (Proto's are 0 for protobuf and 1 for JSON).</summary>
    public const int Id = 0x5357;

    /// <summary>Above Proto's JSON serializer (-1000), below its protobuf serializer (0).</summary>
    public const int Priority = -500;

    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _names = new();

    public ByteString Serialize(object obj)
    {
        var type = obj.GetType();
        if (_codecs.TryGetValue(type, out var codec))
        {
            var writer = WireWriter.Rent();
            codec.Write(writer, obj);
            return writer.ToByteString();
        }

        return UnsafeByteOperations.UnsafeWrap(Json.SerializeToUtf8Bytes(obj, type));
    }

    /// <exception cref="InvalidOperationException">The type is not known on this member, the JSON is null, or a binary record is not in this member's format.</exception>
    public object Deserialize(ByteString bytes, string typeName)
    {
        var type = Resolve(typeName);
        return _codecs.TryGetValue(type, out var codec)
            ? codec.Read(bytes.Span)
            : Json.Deserialize(bytes.Span, type) ?? throw new InvalidOperationException($"A message of type {typeName} arrived as JSON null.");
    }

    public string GetTypeName(object message) =>
        _names.GetOrAdd(message.GetType(), static type => type.AssemblyQualifiedName
            ?? throw new InvalidOperationException($"{type} has no assembly-qualified name and cannot cross the wire."));

    public bool CanSerialize(object obj) => obj is not IMessage;

    /// <summary>Registers it, with <paramref name="codecs"/>, on <paramref name="remote"/>: what every Sworm member's remote configuration has.</summary>
    public static RemoteConfig AddTo(RemoteConfig remote, IEnumerable<IWireCodec> codecs) => remote.WithSerializer(Id, Priority, new SwormWireSerializer(codecs));

    private Type Resolve(string typeName) =>
        _types.TryGetValue(typeName, out var type)
            ? type
            : _types.GetOrAdd(typeName, static name => Type.GetType(name)
                ?? throw new InvalidOperationException($"A message of type {name} arrived, and no such type is loaded on this member: every member must run the same message assemblies."));
}
