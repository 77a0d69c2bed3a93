using Microsoft.CodeAnalysis;

namespace Sworm.Generators.Parsing;

/// <summary>The ways the generator spells a type.</summary>
internal static class TypeNames
{
    /// <summary>For code: <c>global::MyApp.Counter</c>, <c>string?</c>, keywords for special types.</summary>
    public static readonly SymbolDisplayFormat Code = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// For ids stored in specs: <c>MyApp.Outer.Counter</c>, <c>int</c>, <c>System.Collections.Generic.List&lt;string&gt;</c>.
    /// No <c>global::</c> and no nullable reference annotations: they do not make two constructors different.
    /// </summary>
    public static readonly SymbolDisplayFormat Id = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>For <c>namespace</c> declarations: <c>MyApp.Inner</c>, keywords escaped.</summary>
    public static readonly SymbolDisplayFormat Namespace = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);
}
