using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sworm.Generators.Model;

namespace Sworm.Generators.Parsing;

/// <summary>Reads where a declaration sits (namespace, containing types) for both parsers.</summary>
internal static class HierarchyParser
{
    public static HierarchyInfo Parse(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        var containing = new List<ContainingTypeInfo>();
        for (var parent = declaration.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
        {
            containing.Insert(0, new ContainingTypeInfo(Keyword(parent), parent.Identifier.ValueText));
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n
            ? n.ToDisplayString(TypeNames.Namespace)
            : string.Empty;

        return new HierarchyInfo(
            ns,
            containing.ToEquatableArray(),
            Keyword(declaration),
            type.Name,
            type.ToDisplayString(TypeNames.Code),
            type.ToDisplayString(TypeNames.Id));
    }

    /// <summary>The non-partial type declarations around <paramref name="declaration"/>, innermost first.</summary>
    public static IEnumerable<TypeDeclarationSyntax> NonPartialContainingTypes(TypeDeclarationSyntax declaration)
    {
        for (var parent = declaration.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
        {
            if (!IsPartial(parent))
            {
                yield return parent;
            }
        }
    }

    public static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>Whether the type or a type containing it has type parameters.</summary>
    public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax r when r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };
}
