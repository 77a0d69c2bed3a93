using Microsoft.CodeAnalysis;

namespace Sworm.Generators.Tests;

public sealed class GeneratedCodeCompilesTests
{
    private const string Usage = """
        using System.Threading.Tasks;
        using Proto;
        using Sworm;

        namespace MyApp.Usage;

        /// <summary>Uses the generated members the way an application would.</summary>
        public static class Usage
        {
            /// <summary>Touches every kind of generated member.</summary>
            public static async Task<string> Run(MyApp.MyProcesses processes, PID pid, IContext context, MyApp.MyProcesses.BeginHandoff handoff)
            {
                var result = await processes.RegisterName("counter", MyApp.Counter.Spec(5));
                await processes.RegisterName("pid", pid);
                await processes.WhereIsOrRegisterName("greeter", MyApp.Records.Outer.Greeter.Spec("hi"));
                PID? found = await processes.WhereIsName("counter");
                await processes.MultiCall<int>("group", "ping");
                await processes.Request<string>("counter", "ping", System.TimeSpan.FromSeconds(1));
                handoff.Reply(context, 42);
                var declared = MyApp.MyTemporaryProcesses.DeclaredRestart == RestartStrategy.Temporary && MyApp.MyTemporaryProcesses.DeclaredHandoff;
                var spec = MyApp.Counter.Spec("name", null, steps: [1, 2]);
                return $"{MyApp.MyProcesses.SwormName} {result.Status} {found} {declared} {spec} {MyApp.StartCounter.Spec(1)}";
            }

            /// <summary>Checks the interface constraint the runtime relies on.</summary>
            public static SwormDeclaration Declaration<T>() where T : class, ISworm<T> => T.Declaration;
        }
        """;

    [Fact]
    public void Generated_code_has_no_warnings_with_nullable_and_documentation_enabled()
    {
        var result = GeneratorRunner.Run(
            TestSources.BareSworm,
            TestSources.EverySwormOption,
            TestSources.NestedSworm,
            TestSources.FileScopedSworm,
            TestSources.GlobalSworm,
            TestSources.WorkerWithSeveralConstructors,
            TestSources.RecordWorker,
            TestSources.PrimaryConstructorWorker,
            TestSources.DerivedWorker,
            Usage);

        Assert.Empty(result.Diagnostics);
        var problems = result.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(11, result.HintNames.Count);
    }

    [Fact]
    public void The_compilation_used_by_these_tests_does_report_missing_documentation()
    {
        // Guards the test above: without documentation mode it would pass for the wrong reason.
        var compilation = GeneratorRunner.CreateCompilation("namespace X; public class Undocumented;");
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS1591");
    }
}
