using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Load;

/// <summary>
/// One system under test, members in this process on loopback: raw Proto.Cluster or Sworm. Both answer the same
/// message (<see cref="Where"/> → <see cref="Here"/>) from an actor reached by a string name, so every workload
/// runs the same code against either.
/// </summary>
internal interface IClusterSide : IAsyncDisposable
{
    /// <summary>"raw Proto" or "Sworm".</summary>
    string Label { get; }

    int Size { get; }

    /// <summary>The address (host:port) of member <paramref name="member"/>.</summary>
    string AddressOf(int member);

    /// <summary>
    /// A name never used before, from member <paramref name="member"/>: raw Proto activates the identity with its
    /// first request; Sworm registers the name (RegisterName) and then sends it its first request.
    /// </summary>
    Task<Here> NewName(int member, string name);

    /// <summary>A request by name to an existing name, from member <paramref name="member"/>.</summary>
    Task<Here> Request(int member, string name);
}
