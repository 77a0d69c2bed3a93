using System.Globalization;

namespace Sworm.Benchmarks;

/// <summary>
/// The command line: <c>[load|failover|handoff|scale|micro] [--short] [--names N] [--runs N] [--members N]
/// [--failover-100k] [--handoff-workers N] [--scale N] [--out DIR] [--hold] [--only raw|sworm]</c>. Bad input is an <see cref="ArgumentException"/> naming the argument.
/// </summary>
internal sealed record BenchOptions
{
    public string Command { get; init; } = "load";

    /// <summary>CI smoke test: small numbers, one run, results in a temporary folder.</summary>
    public bool Short { get; init; }

    /// <summary>Names per side and run for the in-process workloads.</summary>
    public int Names { get; init; } = 20_000;

    /// <summary>Alternating runs per side; the table shows the median.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>In-process members per side.</summary>
    public int Members { get; init; } = 2;

    /// <summary>Names on the member that is killed (its cluster holds three times as many).</summary>
    public int FailoverNames { get; init; } = 5_000;

    /// <summary>Also kill a member hosting 100,000 names (slow: 300,000 registrations).</summary>
    public bool Failover100K { get; init; }

    /// <summary>Handoff counters on the member process stopped with SIGTERM.</summary>
    public int HandoffWorkers { get; init; } = 10_000;

    /// <summary>Names for the scale run (0 = no scale run).</summary>
    public int Scale { get; init; }

    /// <summary>Where the table, CSV and chart go.</summary>
    public string OutputDirectory { get; init; } = "";

    /// <summary><c>register</c> only: keep the process with its names alive until Enter, for a heap snapshot (<c>dotnet-gcdump</c>).</summary>
    public bool Hold { get; init; }

    /// <summary><c>newname</c> only: one side's rounds alone (<c>raw</c> or <c>sworm</c>), for a profile of that side's work.</summary>
    public string? Only { get; init; }

    public const int InFlight = 64;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number()
            {
                var name = args[i];
                var text = Value().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"{name} needs a positive whole number, not '{text}'");
            }

            options = args[i] switch
            {
                "load" or "failover" or "handoff" or "scale" or "micro" or "speccopies" or "heap-shares" or "register" or "newname" => options with { Command = args[i] },
                "--short" => options with { Short = true, Names = 1_000, Runs = 1, FailoverNames = 300, HandoffWorkers = 300 },
                "--names" => options with { Names = Number() },
                "--runs" => options with { Runs = Number() },
                "--members" => options with { Members = Math.Max(2, Number()) },
                "--failover-names" => options with { FailoverNames = Number() },
                "--failover-100k" => options with { Failover100K = true },
                "--handoff-workers" => options with { HandoffWorkers = Number() },
                "--scale" => options with { Command = "scale", Scale = Number() },
                "--out" => options with { OutputDirectory = Value() },
                "--hold" => options with { Hold = true },
                "--only" => options with { Only = Value() is var side && side is "raw" or "sworm" ? side : throw new ArgumentException("--only needs raw or sworm") },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Use: [load|failover|handoff|scale|micro|heap-shares|register|newname] [--short] [--names N] " +
                                                 "[--runs N] [--members N] [--failover-names N] [--failover-100k] [--handoff-workers N] [--scale N] [--out DIR] [--hold] [--only raw|sworm]"),
            };
        }

        if (options.Command == "scale" && options.Scale == 0)
        {
            options = options with { Scale = options.Short ? 5_000 : 1_000_000 };
        }

        return options with { OutputDirectory = options.OutputDirectory is { Length: > 0 } dir ? dir : DefaultOutput(options.Short) };
    }

    private static string DefaultOutput(bool isShort) => isShort
        ? Path.Combine(Path.GetTempPath(), "sworm-bench-" + Guid.NewGuid().ToString("N")[..8])
        : typeof(BenchOptions).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
              .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SwormBenchResultsDir")?.Value
          ?? throw new InvalidOperationException("The bench assembly carries no AssemblyMetadata SwormBenchResultsDir; pass --out DIR.");
}
