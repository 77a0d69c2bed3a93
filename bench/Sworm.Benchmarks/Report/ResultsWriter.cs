using System.Globalization;
using System.Text;

namespace Sworm.Benchmarks.Report;

/// <summary>Writes a run's rows as a Markdown table, a CSV file and a PNG chart, under dated file names.</summary>
internal static class ResultsWriter
{
    /// <summary>The Markdown table with its header (machine, command, method), as printed and as written.</summary>
    public static string Markdown(string title, IReadOnlyList<ResultRow> rows, string machine, string command, string method)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}  ");
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`  ");
        text.AppendLine(method);
        text.AppendLine();
        text.AppendLine("| workload | unit | raw Proto.Cluster 1.8.0 | Sworm | Sworm / raw | better | note |");
        text.AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var row in rows)
        {
            var ratio = row.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Workload} | {row.Unit} | {row.Format(row.Raw)} | {row.Format(row.Sworm)} | {ratio} | {(row.HigherIsBetter ? "higher" : "lower")} | {row.Note} |");
        }

        return text.ToString();
    }

    public static string Csv(IReadOnlyList<ResultRow> rows, string machine)
    {
        static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        static string Number(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
        var text = new StringBuilder();
        text.AppendLine("key,workload,unit,raw_proto,sworm,sworm_over_raw,higher_is_better,note,machine");
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(',', row.Key, Quote(row.Workload), Quote(row.Unit), Number(row.Raw), Number(row.Sworm), Number(row.Ratio),
                row.HigherIsBetter ? "true" : "false", Quote(row.Note), Quote(machine)));
        }

        return text.ToString();
    }

    /// <summary>Writes <c>{date}-{kind}.md</c>, <c>.csv</c> and <c>.png</c> under <paramref name="directory"/>; returns the Markdown path.</summary>
    public static string Write(string directory, string kind, string markdown, IReadOnlyList<ResultRow> rows, string machine)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{DateTime.UtcNow:yyyy-MM-dd}-{kind}");
        File.WriteAllText(stem + ".md", markdown + Environment.NewLine + $"![Sworm against raw Proto.Cluster]({Path.GetFileName(stem)}.png)" + Environment.NewLine);
        File.WriteAllText(stem + ".csv", Csv(rows, machine));
        Chart.Save(stem + ".png", rows);
        return stem + ".md";
    }
}
