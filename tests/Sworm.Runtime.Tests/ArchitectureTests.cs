using System.Text.RegularExpressions;

namespace Sworm.Runtime.Tests;

/// <summary>
/// The runtime's shape, checked on its sources: layers only reach down (an upward <c>using Sworm.X</c> fails),
/// the layers below Sworms/ never see the member object, files stay short, every log message has an event id.
/// </summary>
public sealed partial class ArchitectureTests
{
    // Lowest first; a folder may use its own layer and those below it.
    private static readonly Dictionary<string, int> Layers = new()
    {
        ["Errors"] = 0, ["Serialization"] = 1, ["Configuration"] = 2, ["Diagnostics"] = 2,
        ["Lifecycle"] = 3, ["Workers"] = 4, ["Handoff"] = 4, ["Declarations"] = 5, ["Membership"] = 5, ["Registry"] = 6, ["Supervision"] = 7,
        ["Sworms"] = 8, ["Hosting"] = 9,
    };

    private static readonly string Runtime = Path.Combine(RepositoryRoot(), "src", "Sworm.Runtime");

    private static IEnumerable<(string Folder, string Path)> Sources() =>
        Directory.EnumerateFiles(Runtime, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(p => (Path.GetRelativePath(Runtime, p).Split(Path.DirectorySeparatorChar)[0], p));

    [Fact]
    public void Every_runtime_folder_is_a_known_layer()
    {
        var unknown = Sources().Select(s => s.Folder).Distinct().Where(f => !f.EndsWith(".cs", StringComparison.Ordinal) && !Layers.ContainsKey(f)).ToArray();
        Assert.True(unknown.Length == 0, "Folders without a layer: " + string.Join(", ", unknown));
    }

    [Fact]
    public void No_layer_refers_to_a_layer_above_it()
    {
        var violations = new List<string>();
        foreach (var (folder, path) in Sources().Where(s => Layers.ContainsKey(s.Folder)))
        {
            foreach (Match match in NamespaceUse().Matches(File.ReadAllText(path)))
            {
                var used = match.Groups[1].Value;
                if (Layers.TryGetValue(used, out var layer) && layer > Layers[folder])
                {
                    violations.Add($"{Path.GetRelativePath(Runtime, path)} uses Sworm.{used}");
                }
            }
        }

        Assert.True(violations.Count == 0, "Upward references:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Nothing_below_the_facade_refers_to_the_member_object()
    {
        var offenders = Sources()
            .Where(s => Layers.TryGetValue(s.Folder, out var layer) && layer < Layers["Sworms"])
            .Where(s => File.ReadAllText(s.Path).Contains("SwormMember", StringComparison.Ordinal))
            .Select(s => Path.GetRelativePath(Runtime, s.Path))
            .ToArray();
        Assert.True(offenders.Length == 0, "Refer to SwormMember: " + string.Join(", ", offenders));
    }

    [Fact]
    public void No_runtime_source_file_is_over_300_lines()
    {
        var long_ = Sources().Select(s => (s.Path, Lines: File.ReadLines(s.Path).Count())).Where(f => f.Lines > 300)
            .Select(f => $"{Path.GetRelativePath(Runtime, f.Path)} ({f.Lines})").ToArray();
        Assert.True(long_.Length == 0, "Split these by concern: " + string.Join(", ", long_));
    }

    [Fact]
    public void Every_log_message_has_an_event_id()
    {
        var missing = Sources()
            .SelectMany(s => File.ReadLines(s.Path).Select(line => (s.Path, line)))
            .Where(l => l.line.Contains("[LoggerMessage(", StringComparison.Ordinal) && !l.line.Contains("EventId", StringComparison.Ordinal))
            .Select(l => Path.GetRelativePath(Runtime, l.Path)).Distinct().ToArray();
        Assert.True(missing.Length == 0, "[LoggerMessage] without EventId in: " + string.Join(", ", missing));
    }

    [Fact]
    public void Nothing_in_the_runtime_logs_through_protos_process_wide_logger()
    {
        var offenders = Sources().Where(s => File.ReadAllText(s.Path).Contains("Log.CreateLogger", StringComparison.Ordinal))
            .Select(s => Path.GetRelativePath(Runtime, s.Path)).ToArray();
        Assert.True(offenders.Length == 0, "Use the member's ILoggerFactory instead of Proto's static logger: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_repeating_tick_ends_with_its_actor_system()
    {
        // Proto's SendRepeatedly outlives the system's shutdown and keeps a stopped member in memory (Lifecycle/SystemTimers.cs).
        var offenders = Sources().Where(s => File.ReadAllText(s.Path).Contains("Scheduler().SendRepeatedly", StringComparison.Ordinal))
            .Select(s => Path.GetRelativePath(Runtime, s.Path)).Where(p => p != Path.Combine("Lifecycle", "SystemTimers.cs")).ToArray();
        Assert.True(offenders.Length == 0, "Use SystemTimers.SendRepeatedly instead of context.Scheduler().SendRepeatedly: " + string.Join(", ", offenders));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sworm.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sworm.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\bSworm\.(\w+)\b(?=[\s.;])")]
    private static partial Regex NamespaceUse();
}
