using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Sworm.Generators.Parsing;

/// <summary>
/// Rejects worker constructor parameters that cannot travel in a <c>WorkerSpec</c>. It catches the types that
/// are certainly wrong (live objects, code, stack-only values); whether a plain type serializes well is
/// left to System.Text.Json at run time.
/// </summary>
internal static class SerializationCheck
{
    /// <summary>Types that are services or live objects of one member, by metadata name.</summary>
    private static readonly string[] MemberLocalTypes =
    [
        "Proto.IContext",
        "Proto.ISenderContext",
        "Proto.IReceiverContext",
        "Proto.IRootContext",
        "Proto.ActorSystem",
        "System.IServiceProvider",
        "System.Threading.CancellationToken",
        "System.Threading.Tasks.Task",
        "System.Threading.Tasks.Task`1",
        "System.Threading.Tasks.ValueTask",
        "System.Threading.Tasks.ValueTask`1",
        "System.Delegate",
        "System.MulticastDelegate",
    ];

    /// <summary>Why <paramref name="parameter"/> cannot be serialized, as a clause of the diagnostic message; null if it can.</summary>
    public static string? WhyNot(IParameterSymbol parameter, bool fromServices, Compilation compilation)
    {
        if (parameter.RefKind != RefKind.None)
        {
            return "ref, out and in parameters cannot be filled from a spec or from DI (remove the modifier)";
        }

        if (fromServices)
        {
            return null;
        }

        var knownTypes = new List<INamedTypeSymbol>();
        foreach (var name in MemberLocalTypes)
        {
            if (compilation.GetTypeByMetadataName(name) is { } known)
            {
                knownTypes.Add(known);
            }
        }

        return WhyNot(parameter.Type, knownTypes, depth: 0);
    }

    private static string? WhyNot(ITypeSymbol type, List<INamedTypeSymbol> knownTypes, int depth)
    {
        var display = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        switch (type.TypeKind)
        {
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
                return $"'{display}' is a pointer";
            case TypeKind.TypeParameter:
                return $"'{display}' is a type parameter, and a spec needs a closed type";
            case TypeKind.Delegate:
                return $"'{display}' is a delegate: code cannot be serialized";
            case TypeKind.Dynamic:
                return "'dynamic' has no type to deserialize into";
        }

        if (type.IsRefLikeType)
        {
            return $"'{display}' is a ref struct, which lives on one stack";
        }

        if (type is INamedTypeSymbol named)
        {
            var definition = named.OriginalDefinition;
            foreach (var known in knownTypes)
            {
                if (SymbolEqualityComparer.Default.Equals(definition, known) ||
                    definition.AllInterfaces.Contains(known, SymbolEqualityComparer.Default) ||
                    InheritsFrom(definition, known))
                {
                    return $"'{display}' is a {Describe(known)} of one member";
                }
            }

            // List<Func<int>> or Task<int>? fails like its parts; the depth guard stops self-referencing generics.
            if (depth < 8)
            {
                foreach (var argument in named.TypeArguments)
                {
                    if (WhyNot(argument, knownTypes, depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }
            }
        }
        else if (type is IArrayTypeSymbol array && depth < 8)
        {
            return WhyNot(array.ElementType, knownTypes, depth + 1);
        }

        return null;
    }

    private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(INamedTypeSymbol known) => known.ToDisplayString() switch
    {
        "System.Threading.CancellationToken" => "cancellation token",
        "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>" => "running operation",
        "System.Delegate" or "System.MulticastDelegate" => "delegate",
        "System.IServiceProvider" => "service container",
        _ => "live object (actor context or system)",
    };
}
