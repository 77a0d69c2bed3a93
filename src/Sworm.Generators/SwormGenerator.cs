using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sworm.Generators.Diagnostics;
using Sworm.Generators.Emitting;
using Sworm.Generators.Model;
using Sworm.Generators.Parsing;

namespace Sworm.Generators;

/// <summary>
/// Generates the facade of every <c>[Sworm]</c> class and the <c>Spec(...)</c> methods and factory table of every
/// <c>[SwormWorker]</c> type. Start reading here: each pipeline goes syntax → parser (symbols → equatable model)
/// → emitter (model → text), and no symbol, syntax node or compilation flows past the parser, so Roslyn can
/// cache every step while the user types elsewhere.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SwormGenerator : IIncrementalGenerator
{
    private const string SwormAttribute = "Sworm.SwormAttribute";
    private const string SwormWorkerAttribute = "Sworm.SwormWorkerAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        InitializeSworms(context);
        InitializeWorkers(context);
    }

    private static void InitializeSworms(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SwormAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                SwormParser.Parse)
            .WithTrackingName(TrackingNames.SwormResults);

        var diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.SwormDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));

        // Sworm names are cluster-wide, so they must be unique across the compilation: the one step that looks at all sworms.
        var duplicates = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => new SwormNameInfo(result.Model!.Value.Name, result.Model.Value.Hierarchy.MetadataName, result.Location))
            .WithTrackingName(TrackingNames.SwormNames)
            .Collect()
            .Select(static (names, _) => FindDuplicates(names))
            .WithTrackingName(TrackingNames.DuplicateSworms);
        context.RegisterSourceOutput(duplicates, static (spc, duplicate) =>
        {
            foreach (var diagnostic in duplicate.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        // The location is left out of the model so that moving a class does not re-emit it.
        var models = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!.Value)
            .WithTrackingName(TrackingNames.SwormModels);

        context.RegisterSourceOutput(models.Combine(duplicates), static (spc, pair) =>
        {
            var (model, duplicate) = pair;
            if (!duplicate.Contains(model.Hierarchy.MetadataName))
            {
                spc.AddSource(SwormEmitter.HintName(model), SwormEmitter.Emit(model));
            }
        });
    }

    private static void InitializeWorkers(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SwormWorkerAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                WorkerParser.Parse)
            .WithTrackingName(TrackingNames.WorkerResults);

        var diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.WorkerDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));

        var models = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!.Value)
            .WithTrackingName(TrackingNames.WorkerModels);
        context.RegisterSourceOutput(models, static (spc, model) => spc.AddSource(WorkerEmitter.HintName(model), WorkerEmitter.Emit(model)));

        var registrations = models
            .Select(static (model, _) => new WorkerRegistrationModel(model.WorkerTypeId, model.Hierarchy.FullyQualifiedName, model.Constructors))
            .WithTrackingName(TrackingNames.WorkerRegistrations)
            .Collect();
        context.RegisterSourceOutput(registrations, static (spc, workers) =>
        {
            if (!workers.IsEmpty)
            {
                spc.AddSource(WorkerFactoryTableEmitter.HintName, WorkerFactoryTableEmitter.Emit(new EquatableArray<WorkerRegistrationModel>(workers)));
            }
        });
    }

    /// <summary>The second and later sworms (in source order) that reuse a name.</summary>
    private static DuplicateSworms FindDuplicates(ImmutableArray<SwormNameInfo> names)
    {
        var owners = new Dictionary<string, string>();
        var duplicates = new List<string>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var name in names)
        {
            if (owners.TryGetValue(name.Name, out var owner))
            {
                duplicates.Add(name.MetadataName);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SwormDuplicateName, name.Location, name.Name, name.MetadataName, owner));
            }
            else
            {
                owners.Add(name.Name, name.MetadataName);
            }
        }

        return new DuplicateSworms(duplicates.ToEquatableArray(), diagnostics.ToEquatableArray());
    }
}
