using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sworm.Generators.Diagnostics;
using Sworm.Generators.Emitting;
using Sworm.Generators.Model;

namespace Sworm.Generators.Parsing;

/// <summary>Turns one <c>[Sworm]</c> class (symbols, syntax) into a <see cref="SwormResult"/> (plain values).</summary>
internal static class SwormParser
{
    /// <summary>
    /// The names of the members the emitter declares. A user member with one of these names would clash
    /// (or hide, which is a warning that TreatWarningsAsErrors turns into an error).
    /// </summary>
    public static readonly string[] EmittedMemberNames =
    [
        "SwormName", "DeclaredRestart", "DeclaredHandoff", "DeclaredHandoffTimeoutMs",
        "DeclaredRebalanceOnJoin", "DeclaredRebalanceMovesPerSecond",
        "RegisterName", "WhereIsOrRegisterName", "UnregisterName", "WhereIsName", "Registered",
        "Join", "Leave", "Members", "Publish", "MultiCall", "Send", "Request", "Nodes",
        "BeginHandoff", "EndHandoff", "ResolveConflict",
        SwormEmitterNames.ClientField, SwormEmitterNames.DeclarationField,
    ];

    private const string DefaultRestartMember = "Transient";
    private const int DefaultHandoffTimeoutMs = 5000;
    private const int DefaultRebalanceMovesPerSecond = 500;

    public static SwormResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var identifier = LocationInfo.From(declaration.Identifier);
        var diagnostics = new List<DiagnosticInfo>();

        if (!HierarchyParser.IsPartial(declaration))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SwormNotPartial, identifier, type.Name));
        }

        foreach (var container in HierarchyParser.NonPartialContainingTypes(declaration))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.SwormContainingTypeNotPartial,
                LocationInfo.From(container.Identifier),
                container.Identifier.ValueText,
                type.Name));
        }

        if (type.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SwormStatic, identifier, type.Name));
        }
        else if (type.IsAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SwormAbstract, identifier, type.Name));
        }

        if (HierarchyParser.IsGenericOrInGeneric(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SwormGeneric, identifier, type.Name));
        }

        if (declaration.ParameterList is { } primaryConstructor)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SwormPrimaryConstructor, LocationInfo.From(primaryConstructor), type.Name));
        }

        if (!type.IsStatic)
        {
            CheckBaseClass(context.SemanticModel.Compilation, type, identifier, diagnostics);
            CheckMemberConflicts(type, identifier, diagnostics, cancellationToken);
        }

        var attribute = context.Attributes[0];
        var name = type.Name;
        var restartMember = DefaultRestartMember;
        var handoff = false;
        var handoffTimeoutMs = DefaultHandoffTimeoutMs;
        var rebalanceOnJoin = false;
        var rebalanceMovesPerSecond = DefaultRebalanceMovesPerSecond;

        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            var argumentLocation = ArgumentLocation(attribute, argument.Key, cancellationToken) ?? identifier;
            switch (argument.Key)
            {
                case "Name" when value.Value is string s:
                    if (string.IsNullOrWhiteSpace(s) || s.IndexOf('/') >= 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SwormInvalidName, argumentLocation, type.Name, s));
                    }

                    name = s;
                    break;
                case "Restart" when value.Value is int restart:
                    var member = EnumMemberName(value.Type, restart);
                    if (member is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.SwormInvalidRestart, argumentLocation, type.Name, restart.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                    else
                    {
                        restartMember = member;
                    }

                    break;
                case "Handoff" when value.Value is bool b:
                    handoff = b;
                    break;
                case "HandoffTimeoutMs" when value.Value is int timeout:
                    if (timeout <= 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.SwormInvalidHandoffTimeout, argumentLocation, type.Name, timeout.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    handoffTimeoutMs = timeout;
                    break;
                case "RebalanceOnJoin" when value.Value is bool rebalance:
                    rebalanceOnJoin = rebalance;
                    break;
                case "RebalanceMovesPerSecond" when value.Value is int rate:
                    if (rate <= 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.SwormInvalidRebalanceRate, argumentLocation, type.Name, rate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    rebalanceMovesPerSecond = rate;
                    break;
            }
        }

        if (diagnostics.Count > 0)
        {
            return new SwormResult(null, identifier, diagnostics.ToEquatableArray());
        }

        var model = new SwormModel(
            HierarchyParser.Parse(type, declaration),
            name,
            restartMember,
            handoff,
            handoffTimeoutMs,
            rebalanceOnJoin,
            rebalanceMovesPerSecond);
        return new SwormResult(model, identifier, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static void CheckBaseClass(Compilation compilation, INamedTypeSymbol type, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var baseType = type.BaseType;
        if (baseType is null || baseType.SpecialType == SpecialType.System_Object)
        {
            return;
        }

        string? problem = null;
        if (baseType.AllInterfaces.Any(i => i.Name == "ISworm" && i.ContainingNamespace?.ToDisplayString() == "Sworm"))
        {
            problem = "is itself a sworm";
        }
        else if (!baseType.InstanceConstructors.Any(c =>
                     c.Parameters.All(p => p.IsOptional || p.IsParams) &&
                     compilation.IsSymbolAccessibleWithin(c, type, throughType: type)))
        {
            problem = "has no accessible parameterless constructor for the generated constructor to call";
        }

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.SwormBaseClassConflict,
                location,
                type.Name,
                baseType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
                problem));
        }
    }

    private static void CheckMemberConflicts(INamedTypeSymbol type, LocationInfo? classLocation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var name in EmittedMemberNames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var own = type.GetMembers(name).FirstOrDefault(m => !m.IsImplicitlyDeclared);
            if (own is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SwormMemberConflict, LocationInfo.From(own.Locations.FirstOrDefault()) ?? classLocation, type.Name, name));
                continue;
            }

            // An inherited member would be hidden by the generated one: warning CS0108.
            for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
            {
                if (baseType.GetMembers(name).Any(m => m.DeclaredAccessibility != Accessibility.Private))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.SwormMemberConflict,
                        classLocation,
                        type.Name,
                        $"{name}' (inherited from '{baseType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}"));
                    break;
                }
            }
        }

        // The generated constructor takes one SwormClient.
        var clientConstructor = type.InstanceConstructors.FirstOrDefault(c =>
            !c.IsImplicitlyDeclared &&
            c.Parameters.Length == 1 &&
            c.Parameters[0].Type is { Name: "SwormClient", ContainingNamespace: { Name: "Sworm", ContainingNamespace.IsGlobalNamespace: true } });
        if (clientConstructor is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.SwormMemberConflict,
                LocationInfo.From(clientConstructor.Locations.FirstOrDefault()) ?? classLocation,
                type.Name,
                $"{type.Name}(SwormClient)"));
        }
    }

    private static string? EnumMemberName(ITypeSymbol? enumType, int value) =>
        enumType?.GetMembers()
            .OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && f.ConstantValue is int v && v == value)
            ?.Name;

    private static LocationInfo? ArgumentLocation(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null)
        {
            return null;
        }

        var argument = syntax.ArgumentList.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return LocationInfo.From(argument);
    }
}
