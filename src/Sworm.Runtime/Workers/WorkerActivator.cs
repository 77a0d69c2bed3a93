using Proto;

namespace Sworm.Workers;

/// <summary>Builds a worker actor from its spec with the hosting member's services (the generated factory table does the work).</summary>
internal sealed class WorkerActivator(IServiceProvider services)
{
    /// <exception cref="SwormException">No factory for the spec's worker type and constructor is known in this process.</exception>
    public IActor Create(WorkerSpec spec) =>
        WorkerFactories.TryGet(spec, out var factory)
            ? factory(services, new WorkerArgumentsReader(spec))
            : throw new SwormException(Unknown(spec));

    /// <summary>Whether this process can build workers of <paramref name="spec"/>.</summary>
    public static bool IsKnown(WorkerSpec spec) => WorkerFactories.TryGet(spec, out _);

    public static string Unknown(WorkerSpec spec) =>
        $"No [SwormWorker] {spec.WorkerType} with a constructor taking ({spec.Constructor}) is known in this process. " +
        "Create specs with the generated Spec(...) methods, and make sure every member runs the same version of the assembly that declares the worker.";
}
