using System.Collections.Concurrent;
using System.ComponentModel;

namespace Sworm.Workers;

/// <summary>
/// The table from (worker type, constructor) to factory that lets any member rebuild a worker from a
/// <see cref="WorkerSpec"/>. Filled by generated module initializers, one per assembly with
/// <c>[SwormWorker]</c> types: no reflection, no assembly scanning. It describes code, so it is
/// per process like the code itself; it holds no member state.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WorkerFactories
{
    private static readonly ConcurrentDictionary<(string WorkerType, string Constructor), WorkerFactory> Factories = new();

    /// <summary>Registers the factory of one constructor of one worker type. Called by generated code.</summary>
    public static void Register(string workerType, string constructor, WorkerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(workerType);
        ArgumentNullException.ThrowIfNull(constructor);
        ArgumentNullException.ThrowIfNull(factory);
        Factories[(workerType, constructor)] = factory;
    }

    internal static bool TryGet(WorkerSpec spec, out WorkerFactory factory) =>
        Factories.TryGetValue((spec.WorkerType, spec.Constructor), out factory!);

}
