using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sworm.Generators.Tests;

/// <summary>Builds consumer compilations against the real runtime and runs the generator over them.</summary>
internal static class GeneratorRunner
{
    public static readonly CSharpParseOptions ParseOptions =
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>
    /// Everything this test process loaded from: the .NET runtime, Sworm.Runtime, Proto.* and Microsoft.Extensions.*.
    /// Implementation assemblies rather than reference assemblies, which is fine for compiling.
    /// </summary>
    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // The SDK silences these assembly-version unification notes too.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new SwormGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorResult Run(params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorResult(driver.GetRunResult(), output, diagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Loaded now so that they are in the trusted list whatever the test order.
        _ = typeof(Sworm.SwormAttribute).Assembly;
        _ = typeof(Proto.IActor).Assembly;
        _ = typeof(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions).Assembly;
        _ = typeof(Microsoft.Extensions.Logging.ILogger<>).Assembly;

        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. paths.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(p => MetadataReference.CreateFromFile(p))];
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorResult(GeneratorDriverRunResult Run, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public IReadOnlyList<string> HintNames => Run.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();

    public string Source(string hintName) =>
        Run.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
