using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sworm.Generators.Tests;

/// <summary>
/// The generator must not redo work while the user types elsewhere: every named step is cached when nothing it
/// depends on changed, and no step holds symbols, syntax or compilations (which would defeat the cache and
/// keep old compilations alive).
/// </summary>
public sealed class IncrementalTests
{
    private const string Unrelated = """
        namespace MyApp.Other;

        /// <summary>Unrelated.</summary>
        public static class Unrelated
        {
            /// <summary>Unrelated.</summary>
            public static int Compute() => 1;
        }
        """;

    private static readonly string[] Sources =
    [
        TestSources.BareSworm,
        TestSources.EverySwormOption,
        TestSources.NestedSworm,
        TestSources.WorkerWithSeveralConstructors,
        TestSources.RecordWorker,
        // A bad declaration too, so the diagnostic steps carry something.
        "[Sworm.Sworm] public class NotPartial;",
        "[Sworm.SwormWorker] public partial class NotAnActor;",
        // And a duplicate name, so the duplicate check carries something.
        "[Sworm.Sworm(Name = \"MyProcesses\")] public partial class AlsoMyProcesses;",
        Unrelated,
    ];

    [Fact]
    public void Running_twice_on_the_same_compilation_reuses_every_step()
    {
        var compilation = GeneratorRunner.CreateCompilation(Sources);
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());

        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void Adding_an_unrelated_file_reuses_every_step()
    {
        var compilation = GeneratorRunner.CreateCompilation(Sources);
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace MyApp.More; /// <summary>More.</summary>\npublic sealed class More;", GeneratorRunner.ParseOptions, path: "More.cs"));
        driver = driver.RunGenerators(edited);

        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void Changing_an_unrelated_method_reuses_every_step()
    {
        var compilation = GeneratorRunner.CreateCompilation(Sources);
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        var unrelated = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class Unrelated", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(
            unrelated,
            unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Unrelated.Replace("=> 1;", "=> 2 + 3;", StringComparison.Ordinal))));
        driver = driver.RunGenerators(edited);

        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void Changing_a_sworm_option_regenerates_that_sworm_only()
    {
        var compilation = GeneratorRunner.CreateCompilation(Sources);
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class MyTemporaryProcesses", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(
            tree,
            tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(TestSources.EverySwormOption.Replace("250", "300", StringComparison.Ordinal))));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.SwormModels].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.All(reasons.Where(r => r != IncrementalStepRunReason.Modified), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Contains("DeclaredHandoffTimeoutMs = 300", result.GeneratedSources.Single(s => s.HintName == "MyApp.MyTemporaryProcesses.Sworm.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_step_holds_symbols_syntax_compilations_or_locations()
    {
        var compilation = GeneratorRunner.CreateCompilation(Sources);
        var result = GeneratorRunner.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        var walked = 0;
        foreach (var name in TrackingNames.All)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"Step {name} was not tracked.");
            foreach (var output in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                AssertNoForbiddenTypes(output.Value, $"{name}", new HashSet<object>(ReferenceEqualityComparer.Instance));
                walked++;
            }
        }

        Assert.True(walked > 10, "The walk found too few outputs to mean anything.");
    }

    private static void AssertAllCached(GeneratorDriverRunResult run)
    {
        var result = run.Results.Single();
        foreach (var name in TrackingNames.All)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"Step {name} was not tracked.");
            foreach (var output in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {name} produced {output.Value} with reason {output.Reason}.");
            }
        }

        foreach (var (name, steps) in result.TrackedOutputSteps)
        {
            Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }

    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SemanticModel), typeof(SyntaxTree), typeof(Location),
    ];

    private static void AssertNoForbiddenTypes(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is Pointer)
        {
            return;
        }

        var type = value.GetType();
        var forbidden = Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.True(forbidden is null, $"{path} holds a {forbidden?.Name} ({type}).");

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoForbiddenTypes(item, $"{path}[{i++}]", seen);
            }
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoForbiddenTypes(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
