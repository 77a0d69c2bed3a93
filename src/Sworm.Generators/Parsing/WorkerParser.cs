using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sworm.Generators.Diagnostics;
using Sworm.Generators.Model;

namespace Sworm.Generators.Parsing;

/// <summary>Turns one <c>[SwormWorker]</c> type (symbols, syntax) into a <see cref="WorkerResult"/> (plain values).</summary>
internal static class WorkerParser
{
    private const string ActorInterface = "Proto.IActor";
    private const string FromServicesAttribute = "Sworm.FromServicesAttribute";
    private const string SwormWorkerAttribute = "Sworm.SwormWorkerAttribute";

    public static WorkerResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var compilation = context.SemanticModel.Compilation;
        var identifier = LocationInfo.From(declaration.Identifier);
        var diagnostics = new List<DiagnosticInfo>();

        if (!HierarchyParser.IsPartial(declaration))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkerNotPartial, identifier, type.Name));
        }

        foreach (var container in HierarchyParser.NonPartialContainingTypes(declaration))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.WorkerContainingTypeNotPartial,
                LocationInfo.From(container.Identifier),
                container.Identifier.ValueText,
                type.Name));
        }

        if (type.IsStatic)
        {
            // A static class cannot implement IActor either; one diagnostic is enough.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkerStatic, identifier, type.Name));
            return Failed(diagnostics);
        }

        if (type.IsAbstract)
        {
            // Its constructors are protected in practice, so the constructor checks would only add noise.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkerAbstract, identifier, type.Name));
            return Failed(diagnostics);
        }

        if (HierarchyParser.IsGenericOrInGeneric(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkerGeneric, identifier, type.Name));
        }

        var actor = compilation.GetTypeByMetadataName(ActorInterface);
        if (actor is null || !type.AllInterfaces.Contains(actor, SymbolEqualityComparer.Default))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkerNotActor, identifier, type.Name));
        }

        if (!IsAccessibleInAssembly(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkerNotAccessible, identifier, type.Name));
        }

        var specMember = type.GetMembers("Spec").FirstOrDefault(m => !m.IsImplicitlyDeclared);
        if (specMember is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.WorkerMemberConflict, LocationInfo.From(specMember.Locations.FirstOrDefault()) ?? identifier, type.Name));
        }

        var fromServices = compilation.GetTypeByMetadataName(FromServicesAttribute);
        var constructors = new List<WorkerConstructorModel>();
        var seen = new HashSet<string>();
        var publicConstructors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .OrderBy(c => c.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList();

        if (publicConstructors.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkerNoPublicConstructor, identifier, type.Name));
        }

        foreach (var constructor in publicConstructors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameters = new List<WorkerParameterModel>();
            var serializedTypes = new List<string>();
            foreach (var parameter in constructor.Parameters)
            {
                var isFromServices = IsFromServices(parameter, fromServices);
                var problem = SerializationCheck.WhyNot(parameter, isFromServices, compilation);
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.WorkerParameterNotSerializable,
                        LocationInfo.From(parameter.Locations.FirstOrDefault()) ?? identifier,
                        parameter.Name,
                        type.Name,
                        problem));
                    continue;
                }

                if (!isFromServices)
                {
                    serializedTypes.Add(parameter.Type.ToDisplayString(TypeNames.Id));
                }

                parameters.Add(new WorkerParameterModel(
                    parameter.Name,
                    Identifier(parameter.Name),
                    parameter.Type.ToDisplayString(TypeNames.Code),
                    isFromServices,
                    isFromServices && parameter.Type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.Annotated,
                    parameter.IsParams,
                    parameter.HasExplicitDefaultValue ? DefaultValues.Format(parameter.Type, parameter.ExplicitDefaultValue) : null));
            }

            var constructorId = string.Join(",", serializedTypes);

            if (!seen.Add(constructorId))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.WorkerAmbiguousConstructors,
                    LocationInfo.From(constructor.Locations.FirstOrDefault()) ?? identifier,
                    type.Name,
                    constructorId));
            }

            var serializedParameters = constructor.Parameters.Where(p => parameters.Any(m => m.Name == p.Name && !m.FromServices)).ToList();
            constructors.Add(new WorkerConstructorModel(constructorId, parameters.ToEquatableArray(), HidesInheritedSpec(type, serializedParameters, fromServices)));
        }

        if (diagnostics.Count > 0)
        {
            return Failed(diagnostics);
        }

        return new WorkerResult(
            new WorkerModel(HierarchyParser.Parse(type, declaration), constructors.ToEquatableArray()),
            EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>
    /// Whether a base class has a <c>Spec</c> with these parameter types, which the generated one would hide:
    /// warning CS0108 unless it says <c>new</c>. A base worker's <c>Spec</c> methods are generated too, and
    /// generators do not see each other's output, so they are inferred from its public constructors.
    /// </summary>
    private static bool HidesInheritedSpec(INamedTypeSymbol type, List<IParameterSymbol> parameters, INamedTypeSymbol? fromServices)
    {
        for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            var signatures = baseType.GetMembers("Spec").OfType<IMethodSymbol>()
                .Where(m => m.DeclaredAccessibility != Accessibility.Private)
                .Select(m => m.Parameters.Select(p => p.Type).ToList())
                .ToList();
            if (baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SwormWorkerAttribute))
            {
                signatures.AddRange(baseType.InstanceConstructors
                    .Where(c => c.DeclaredAccessibility == Accessibility.Public)
                    .Select(c => c.Parameters.Where(p => !IsFromServices(p, fromServices)).Select(p => p.Type).ToList()));
            }

            if (signatures.Any(signature =>
                    signature.Count == parameters.Count &&
                    signature.Zip(parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a, b.Type)).All(same => same)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFromServices(IParameterSymbol parameter, INamedTypeSymbol? fromServices) =>
        fromServices is not null &&
        parameter.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, fromServices));

    private static WorkerResult Failed(List<DiagnosticInfo> diagnostics) => new(null, diagnostics.ToEquatableArray());

    /// <summary>Whether the generated factory table, elsewhere in the assembly, can name the type.</summary>
    private static bool IsAccessibleInAssembly(INamedTypeSymbol type)
    {
        if (type.IsFileLocal)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
