namespace Sworm.Generators;

/// <summary>
/// Names of the pipeline steps, so tests can check each one is cached when unrelated code changes.
/// </summary>
internal static class TrackingNames
{
    public const string SwormResults = nameof(SwormResults);
    public const string SwormModels = nameof(SwormModels);
    public const string SwormDiagnostics = nameof(SwormDiagnostics);
    public const string SwormNames = nameof(SwormNames);
    public const string DuplicateSworms = nameof(DuplicateSworms);
    public const string WorkerResults = nameof(WorkerResults);
    public const string WorkerModels = nameof(WorkerModels);
    public const string WorkerDiagnostics = nameof(WorkerDiagnostics);
    public const string WorkerRegistrations = nameof(WorkerRegistrations);

    public static readonly string[] All =
    [
        SwormResults, SwormModels, SwormDiagnostics, SwormNames, DuplicateSworms,
        WorkerResults, WorkerModels, WorkerDiagnostics, WorkerRegistrations,
    ];
}
