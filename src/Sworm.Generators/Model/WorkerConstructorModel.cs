namespace Sworm.Generators.Model;

/// <summary>One public constructor of a worker: one <c>Spec(...)</c> overload and one factory.</summary>
/// <param name="ConstructorId">The serialized parameters' types, comma-separated, e.g. <c>int,string</c>; stored in every spec.</param>
/// <param name="Parameters">All parameters, in declaration order, <c>[FromServices]</c> ones included.</param>
/// <param name="HidesInheritedSpec">A base worker has a <c>Spec</c> with the same parameters, so ours needs <c>new</c>.</param>
internal readonly record struct WorkerConstructorModel(
    string ConstructorId,
    EquatableArray<WorkerParameterModel> Parameters,
    bool HidesInheritedSpec);
