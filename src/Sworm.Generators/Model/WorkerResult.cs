namespace Sworm.Generators.Model;

/// <summary>What the parser made of one <c>[SwormWorker]</c> declaration: a model, or diagnostics, never both.</summary>
internal readonly record struct WorkerResult(
    WorkerModel? Model,
    EquatableArray<DiagnosticInfo> Diagnostics);
