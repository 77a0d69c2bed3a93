namespace Sworm.Generators.Model;

/// <summary>What the parser made of one <c>[Sworm]</c> declaration: a model, or diagnostics, never both.</summary>
/// <param name="Model">The model; null when the declaration has errors.</param>
/// <param name="Location">The class name's location, for diagnostics raised later (duplicate names).</param>
/// <param name="Diagnostics">The errors found in the declaration.</param>
internal readonly record struct SwormResult(
    SwormModel? Model,
    LocationInfo? Location,
    EquatableArray<DiagnosticInfo> Diagnostics);
