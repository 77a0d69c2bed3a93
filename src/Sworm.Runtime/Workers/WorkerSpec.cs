namespace Sworm;

/// <summary>
/// The C# form of Elixir's <c>{module, function, args}</c>: enough data for any member to re-create a worker.
/// Get one from the generated <c>Spec(...)</c> method of a <c>[SwormWorker]</c> type.
/// </summary>
/// <param name="WorkerType">The worker type's full name, e.g. <c>MyApp.Counter</c>.</param>
/// <param name="Constructor">Which constructor: the full type names of its serialized parameters, comma-separated.</param>
/// <param name="Arguments">The serialized arguments: a JSON array, one element per serialized parameter.</param>
public sealed record WorkerSpec(string WorkerType, string Constructor, string Arguments)
{
    // A spec that crossed the wire brings its own copies of the type and constructor names; the generated factory
    // table holds them as literals, so each name is kept once however many specs (and spec copies) a member holds.

    /// <summary>The worker type's full name, e.g. <c>MyApp.Counter</c>.</summary>
    public string WorkerType { get; init; } = Shared(WorkerType);

    /// <summary>Which constructor: the full type names of its serialized parameters, comma-separated.</summary>
    public string Constructor { get; init; } = Shared(Constructor);

    private static string Shared(string value) => value is null ? value! : string.IsInterned(value) ?? value;

    /// <inheritdoc />
    public override string ToString() => $"{WorkerType}({Constructor})";
}
