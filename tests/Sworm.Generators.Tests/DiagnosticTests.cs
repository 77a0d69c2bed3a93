using Microsoft.CodeAnalysis.Text;

namespace Sworm.Generators.Tests;

/// <summary>
/// One test per diagnostic. Sources mark the expected location with <c>[|…|]</c>; each test checks the ID,
/// that location, and that nothing is generated for the bad declaration.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Proto;
        using Sworm;

        """;

    private const string Receive = "public Task ReceiveAsync(IContext context) => Task.CompletedTask;";

    [Fact]
    public void SWORM001_a_sworm_class_that_is_not_partial() =>
        AssertDiagnostic("SWORM001", "[Sworm] public class [|MyProcesses|];");

    [Fact]
    public void SWORM002_a_static_sworm_class() =>
        AssertDiagnostic("SWORM002", "[Sworm] public static partial class [|MyProcesses|];");

    [Fact]
    public void SWORM003_a_generic_sworm_class() =>
        AssertDiagnostic("SWORM003", "[Sworm] public partial class [|MyProcesses|]<T>;");

    [Fact]
    public void SWORM003_a_sworm_class_nested_in_a_generic_type() =>
        AssertDiagnostic("SWORM003", "public partial class Outer<T> { [Sworm] public partial class [|MyProcesses|]; }");

    [Fact]
    public void SWORM004_an_abstract_sworm_class() =>
        AssertDiagnostic("SWORM004", "[Sworm] public abstract partial class [|MyProcesses|];");

    [Fact]
    public void SWORM005_a_sworm_class_in_a_type_that_is_not_partial() =>
        AssertDiagnostic("SWORM005", "public class [|Outer|] { [Sworm] public partial class MyProcesses; }");

    [Fact]
    public void SWORM006_the_second_sworm_with_a_name_already_taken()
    {
        var result = AssertDiagnostic(
            "SWORM006",
            "[Sworm(Name = \"shared\")] public partial class First; [Sworm(Name = \"shared\")] public partial class [|Second|];",
            expectNothingGenerated: false);
        Assert.Equal(["First.Sworm.g.cs"], result.HintNames);
    }

    [Fact]
    public void SWORM006_a_class_name_that_another_sworm_uses_as_its_name() =>
        AssertDiagnostic(
            "SWORM006",
            "[Sworm(Name = \"Second\")] public partial class First; [Sworm] public partial class [|Second|];",
            expectNothingGenerated: false);

    [Fact]
    public void SWORM007_a_base_class_without_a_parameterless_constructor() =>
        AssertDiagnostic("SWORM007", "public class Base { public Base(int x) { } } [Sworm] public partial class [|MyProcesses|] : Base;");

    [Fact]
    public void SWORM007_a_base_class_that_is_a_sworm() =>
        AssertDiagnostic("SWORM007", """
            public class Base : ISworm<Base>
            {
                static SwormDeclaration ISworm<Base>.Declaration => null!;
                static Base ISworm<Base>.Create(SwormClient client) => new();
            }
            [Sworm] public partial class [|MyProcesses|] : Base;
            """);

    [Fact]
    public void SWORM008_a_member_with_the_name_of_a_facade_method() =>
        AssertDiagnostic("SWORM008", "[Sworm] public partial class MyProcesses { public void [|Join|]() { } }");

    [Fact]
    public void SWORM008_a_nested_type_with_the_name_of_a_handoff_message() =>
        AssertDiagnostic("SWORM008", "[Sworm] public partial class MyProcesses { public sealed class [|BeginHandoff|]; }");

    [Fact]
    public void SWORM008_an_inherited_member_that_the_generated_one_would_hide() =>
        AssertDiagnostic("SWORM008", "public class Base { public const string SwormName = \"x\"; } [Sworm] public partial class [|MyProcesses|] : Base;");

    [Fact]
    public void SWORM009_a_primary_constructor_on_a_sworm_class() =>
        AssertDiagnostic("SWORM009", "[Sworm] public partial class MyProcesses[|(int x)|];");

    [Fact]
    public void SWORM010_a_handoff_timeout_that_is_not_positive() =>
        AssertDiagnostic("SWORM010", "[Sworm([|HandoffTimeoutMs = 0|])] public partial class MyProcesses;");

    [Fact]
    public void SWORM024_a_rebalance_rate_that_is_not_positive() =>
        AssertDiagnostic("SWORM024", "[Sworm(Handoff = true, RebalanceOnJoin = true, [|RebalanceMovesPerSecond = 0|])] public partial class MyProcesses;");

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("\"a/b\"")]
    public void SWORM011_an_invalid_sworm_name(string name) =>
        AssertDiagnostic("SWORM011", $"[Sworm([|Name = {name}|])] public partial class MyProcesses;");

    [Fact]
    public void SWORM012_a_restart_value_that_is_not_a_member_of_the_enum() =>
        AssertDiagnostic("SWORM012", "[Sworm([|Restart = (RestartStrategy)7|])] public partial class MyProcesses;");

    [Fact]
    public void SWORM013_a_worker_that_is_not_partial() =>
        AssertDiagnostic("SWORM013", $"[SwormWorker] public class [|Counter|] : IActor {{ {Receive} }}");

    [Fact]
    public void SWORM014_a_worker_that_is_not_an_actor() =>
        AssertDiagnostic("SWORM014", "[SwormWorker] public partial class [|Counter|];");

    [Fact]
    public void SWORM014_is_not_reported_for_a_worker_that_is_an_actor_through_its_base_class()
    {
        var result = GeneratorRunner.Run(Usings + $"public abstract class ActorBase : IActor {{ {Receive} }} [SwormWorker] public partial class Counter : ActorBase;");
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void SWORM015_an_abstract_worker() =>
        AssertDiagnostic("SWORM015", $"[SwormWorker] public abstract partial class [|Counter|] : IActor {{ {Receive} }}");

    [Fact]
    public void SWORM016_a_static_worker() =>
        AssertDiagnostic("SWORM016", "[SwormWorker] public static partial class [|Counter|];");

    [Fact]
    public void SWORM017_a_generic_worker() =>
        AssertDiagnostic("SWORM017", $"[SwormWorker] public partial class [|Counter|]<T> : IActor {{ {Receive} }}");

    [Fact]
    public void SWORM018_a_worker_without_a_public_constructor() =>
        AssertDiagnostic("SWORM018", $"[SwormWorker] public partial class [|Counter|] : IActor {{ internal Counter() {{ }} {Receive} }}");

    [Theory]
    [InlineData("Func<int>")]
    [InlineData("Action")]
    [InlineData("Delegate")]
    [InlineData("IContext")]
    [InlineData("ISenderContext")]
    [InlineData("IReceiverContext")]
    [InlineData("IRootContext")]
    [InlineData("ActorSystem")]
    [InlineData("int*")]
    [InlineData("delegate*<void>")]
    [InlineData("Span<int>")]
    [InlineData("ReadOnlySpan<byte>")]
    [InlineData("ref int")]
    [InlineData("out int")]
    [InlineData("in int")]
    [InlineData("System.Threading.CancellationToken")]
    [InlineData("Task")]
    [InlineData("Task<int>")]
    [InlineData("ValueTask<int>")]
    [InlineData("IServiceProvider")]
    [InlineData("System.Collections.Generic.List<Action>")]
    [InlineData("Func<int>[]")]
    [InlineData("dynamic")]
    public void SWORM019_a_constructor_parameter_that_cannot_be_serialized(string type) =>
        AssertDiagnostic("SWORM019", $"[SwormWorker] public unsafe partial class Counter : IActor {{ public Counter({type} [|value|]) {{ }} {Receive} }}");

    [Fact]
    public void SWORM019_is_not_reported_for_a_service_parameter() =>
        Assert.Empty(GeneratorRunner.Run(Usings + $"[SwormWorker] public partial class Counter([FromServices] ActorSystem system, [FromServices] IServiceProvider services) : IActor {{ {Receive} }}").Diagnostics);

    [Fact]
    public void SWORM019_a_type_parameter_of_a_containing_generic_type()
    {
        // The worker is also generic (SWORM017); both are reported.
        var result = GeneratorRunner.Run(Usings + $"public partial class Outer<T> {{ [SwormWorker] public partial class Counter : IActor {{ public Counter(T value) {{ }} {Receive} }} }}");
        Assert.Contains(result.Diagnostics, d => d.Id == "SWORM019");
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void SWORM020_two_constructors_with_the_same_serialized_parameters() =>
        AssertDiagnostic("SWORM020", $$"""
            [SwormWorker]
            public partial class Counter : IActor
            {
                public Counter(int start) { }
                public [|Counter|](int start, [FromServices] ILogger<Counter> log) { }
                {{Receive}}
            }
            """);

    [Fact]
    public void SWORM021_a_worker_in_a_type_that_is_not_partial() =>
        AssertDiagnostic("SWORM021", $"public class [|Outer|] {{ [SwormWorker] public partial class Counter : IActor {{ {Receive} }} }}");

    [Theory]
    [InlineData("private")]
    [InlineData("protected")]
    [InlineData("private protected")]
    public void SWORM022_a_worker_the_factory_table_cannot_reach(string accessibility) =>
        AssertDiagnostic("SWORM022", $"public partial class Outer {{ [SwormWorker] {accessibility} partial class [|Counter|] : IActor {{ {Receive} }} }}");

    [Fact]
    public void SWORM022_a_file_local_worker() =>
        AssertDiagnostic("SWORM022", $"[SwormWorker] file partial class [|Counter|] : IActor {{ {Receive} }}");

    [Fact]
    public void SWORM023_a_worker_with_its_own_member_named_Spec() =>
        AssertDiagnostic("SWORM023", $"[SwormWorker] public partial class Counter : IActor {{ public static int [|Spec|] => 1; {Receive} }}");

    [Fact]
    public void Every_descriptor_has_a_test_and_a_documented_section()
    {
        var ids = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields()
            .Select(f => ((Microsoft.CodeAnalysis.DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name.Split('_')[0]).ToHashSet();
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        var releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Sworm.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var id in ids)
        {
            Assert.Contains(id, tested);
            Assert.Contains($"## {id}", docs);
            Assert.Contains($"{id} | Sworm | Error", releases);
        }
    }

    private static GeneratorResult AssertDiagnostic(string id, string markedSource, bool expectNothingGenerated = true)
    {
        var (source, span) = Unmark(Usings + markedSource);
        var result = GeneratorRunner.Run(source);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(source.Substring(span.Start, span.Length), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith("https://github.com/sworm-dotnet/sworm/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
        if (expectNothingGenerated)
        {
            Assert.Empty(result.HintNames);
        }

        return result;
    }

    private static (string Source, TextSpan Span) Unmark(string marked)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The test source must mark the expected location with [|…|].");
        var source = marked.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));
}
