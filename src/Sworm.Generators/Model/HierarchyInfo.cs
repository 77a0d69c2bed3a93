namespace Sworm.Generators.Model;

/// <summary>Where a generated partial declaration goes: namespace, containing types and the type itself.</summary>
/// <param name="Namespace">The namespace without <c>global::</c>; empty for the global namespace.</param>
/// <param name="ContainingTypes">The containing types, outermost first.</param>
/// <param name="Keyword">The type's own declaration keyword: <c>class</c> or <c>record</c>.</param>
/// <param name="Name">The type's name.</param>
/// <param name="FullyQualifiedName">The name to use in code, e.g. <c>global::MyApp.Outer.Counter</c>.</param>
/// <param name="MetadataName">The name without <c>global::</c>, e.g. <c>MyApp.Outer.Counter</c>: unique in a compilation, so also the file name.</param>
internal readonly record struct HierarchyInfo(
    string Namespace,
    EquatableArray<ContainingTypeInfo> ContainingTypes,
    string Keyword,
    string Name,
    string FullyQualifiedName,
    string MetadataName);
