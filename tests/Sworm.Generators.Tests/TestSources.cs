namespace Sworm.Generators.Tests;

/// <summary>Consumer code the snapshot and compilation tests share. Documented, so that CS1591 only fires for generated code.</summary>
internal static class TestSources
{
    public const string BareSworm = """
        using Sworm;

        namespace MyApp;

        /// <summary>Processes.</summary>
        [Sworm]
        public partial class MyProcesses;
        """;

    public const string EverySwormOption = """
        using Sworm;

        namespace MyApp;

        /// <summary>Temporary processes.</summary>
        [Sworm(Restart = RestartStrategy.Temporary, Handoff = true, HandoffTimeoutMs = 250, RebalanceOnJoin = true, RebalanceMovesPerSecond = 50, Name = "temporary \"processes\"")]
        public sealed partial class MyTemporaryProcesses;
        """;

    public const string NestedSworm = """
        using Sworm;

        namespace MyApp.Nested
        {
            /// <summary>Outer.</summary>
            public static partial class Outer
            {
                /// <summary>Middle.</summary>
                internal partial record Middle
                {
                    /// <summary>Processes.</summary>
                    [Sworm(Restart = RestartStrategy.Permanent)]
                    public partial class InnerProcesses
                    {
                    }
                }
            }
        }
        """;

    public const string FileScopedSworm = """
        namespace MyApp.FileScoped;

        /// <summary>Processes.</summary>
        [global::Sworm.Sworm(Handoff = true)]
        internal partial class FileScopedProcesses
        {
            /// <summary>A member of the user's own.</summary>
            public int Answer => 42;
        }
        """;

    public const string GlobalSworm = """
        /// <summary>Processes in no namespace.</summary>
        [Sworm.Sworm]
        public partial class GlobalProcesses;
        """;

    public const string WorkerWithSeveralConstructors = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Proto;
        using Sworm;

        namespace MyApp;

        /// <summary>Colors.</summary>
        public enum Color
        {
            /// <summary>Red.</summary>
            Red,
            /// <summary>Blue.</summary>
            Blue,
        }

        /// <summary>Counts.</summary>
        [SwormWorker]
        public partial class Counter : IActor
        {
            /// <summary>Starts at zero.</summary>
            public Counter()
            {
            }

            /// <summary>Starts at <paramref name="start"/>.</summary>
            public Counter(int start, [FromServices] ILogger<Counter> log)
            {
            }

            /// <summary>Many parameters.</summary>
            public Counter(
                string name,
                [FromServices] IServiceProvider services,
                List<string>? tags,
                Color color = Color.Blue,
                double ratio = 0.5,
                decimal price = 1.25m,
                string? @class = null,
                [FromServices] ILoggerFactory? loggers = null,
                params int[] steps)
            {
            }

            private Counter(long hidden)
            {
            }

            /// <inheritdoc />
            public Task ReceiveAsync(IContext context) => Task.CompletedTask;
        }
        """;

    public const string RecordWorker = """
        using System.Threading.Tasks;
        using Proto;
        using Sworm;

        namespace MyApp.Records
        {
            /// <summary>Outer.</summary>
            public partial class Outer
            {
                /// <summary>Greets.</summary>
                /// <param name="Greeting">The greeting.</param>
                /// <param name="Times">How often.</param>
                [SwormWorker]
                public sealed partial record Greeter(string Greeting, int Times = 1) : IActor
                {
                    /// <inheritdoc />
                    public Task ReceiveAsync(IContext context) => Task.CompletedTask;
                }
            }
        }
        """;

    public const string PrimaryConstructorWorker = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Proto;
        using Sworm;

        namespace MyApp;

        /// <summary>Counts from a start.</summary>
        /// <param name="start">Where to start.</param>
        /// <param name="log">The log.</param>
        [SwormWorker]
        public partial class StartCounter(int start, [FromServices] ILogger<StartCounter> log) : IActor
        {
            /// <inheritdoc />
            public Task ReceiveAsync(IContext context)
            {
                log.LogInformation("{Start}", start);
                return Task.CompletedTask;
            }
        }
        """;

    public const string DerivedWorker = """
        using System.Threading.Tasks;
        using Proto;
        using Sworm;

        /// <summary>A worker in the global namespace that others derive from.</summary>
        [SwormWorker]
        public partial class BaseWorker : IActor
        {
            /// <inheritdoc />
            public virtual Task ReceiveAsync(IContext context) => Task.CompletedTask;
        }

        /// <summary>A worker deriving from another: its Spec() hides the base one.</summary>
        [SwormWorker]
        public partial class DerivedWorker : BaseWorker;
        """;
}
