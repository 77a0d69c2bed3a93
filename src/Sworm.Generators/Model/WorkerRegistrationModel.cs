namespace Sworm.Generators.Model;

/// <summary>
/// The part of a worker that the factory table needs. Kept apart from <see cref="WorkerModel"/> so that
/// moving a worker to another namespace layout or nesting does not rewrite the table unless its name changes.
/// </summary>
/// <param name="WorkerTypeId">The worker type id, e.g. <c>MyApp.Counter</c>.</param>
/// <param name="FullyQualifiedName">The type in code, e.g. <c>global::MyApp.Counter</c>.</param>
/// <param name="Constructors">The public constructors.</param>
internal readonly record struct WorkerRegistrationModel(
    string WorkerTypeId,
    string FullyQualifiedName,
    EquatableArray<WorkerConstructorModel> Constructors);
