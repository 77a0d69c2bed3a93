using ScottPlot;

namespace Sworm.Benchmarks.Report;

/// <summary>
/// The PNG chart: one small panel per workload (units differ), raw Proto.Cluster and Sworm side by side with their
/// values written on the bars, and whether higher or lower is better in the panel's title.
/// </summary>
internal static class Chart
{
    private const int Columns = 4;
    private static readonly Color RawColor = Color.FromHex("#7f8c8d");
    private static readonly Color SwormColor = Color.FromHex("#e67e22");

    public static void Save(string path, IReadOnlyList<ResultRow> rows)
    {
        var panels = rows.Count;
        var gridRows = (panels + Columns - 1) / Columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(gridRows, Columns);
        for (var i = 0; i < panels; i++)
        {
            Draw(multiplot.GetPlot(i), rows[i]);
        }

        multiplot.SavePng(path, Columns * 330, gridRows * 300 + 20);
    }

    private static void Draw(Plot plot, ResultRow row)
    {
        var bars = new List<Bar>();
        if (row.Raw is { } raw)
        {
            bars.Add(new Bar { Position = 0, Value = raw, FillColor = RawColor, Label = row.Format(raw) });
        }

        if (row.Sworm is { } sworm)
        {
            var ratio = row.Ratio is { } r ? $" ({r:0.00}×)" : "";
            bars.Add(new Bar { Position = 1, Value = sworm, FillColor = SwormColor, Label = row.Format(sworm) + ratio });
        }

        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 13;
        plottable.ValueLabelStyle.Bold = true;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 1], [row.Raw is null ? "raw Proto: n/a" : "raw Proto", "Sworm"]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Margins(bottom: 0, top: 0.25);
        plot.Axes.SetLimitsX(-0.7, 1.7);
        plot.Axes.Left.Label.Text = row.Unit;
        var what = Shorten(row.Workload);
        plot.Title(what + (row.HigherIsBetter ? "\n(higher is better)" : "\n(lower is better)"), size: 12);
    }

    /// <summary>Panel titles are narrow: wrap at about 34 characters.</summary>
    private static string Shorten(string workload)
    {
        var words = workload.Replace("`", "", StringComparison.Ordinal).Split(' ');
        var lines = new List<string> { "" };
        foreach (var word in words)
        {
            if (lines[^1].Length + word.Length > 34)
            {
                lines.Add("");
            }

            lines[^1] += (lines[^1].Length > 0 ? " " : "") + word;
        }

        return string.Join('\n', lines);
    }
}
