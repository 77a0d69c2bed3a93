namespace Sworm.Generators.Model;

/// <summary>Everything the emitter needs to write the <c>Spec(...)</c> methods of one <c>[SwormWorker]</c> type.</summary>
/// <param name="Hierarchy">Where the partial declaration goes.</param>
/// <param name="Constructors">The public constructors.</param>
internal readonly record struct WorkerModel(
    HierarchyInfo Hierarchy,
    EquatableArray<WorkerConstructorModel> Constructors)
{
    /// <summary>The worker type id stored in specs: the full name without <c>global::</c>.</summary>
    public string WorkerTypeId => Hierarchy.MetadataName;
}
