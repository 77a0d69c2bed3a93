namespace Sworm.Benchmarks.Report;

/// <summary>One row of the results: a workload measured on raw Proto.Cluster and on Sworm (either may be absent).</summary>
/// <param name="Key">Stable id of the row (CSV).</param>
/// <param name="Workload">What was measured, as the table says it.</param>
/// <param name="Unit">ops/s, µs, ms, s or KB.</param>
/// <param name="HigherIsBetter">True for rates, false for times and bytes.</param>
/// <param name="Raw">Raw Proto.Cluster's value (median of the runs), or null where raw Proto has no such operation.</param>
/// <param name="Sworm">Sworm's value (median of the runs).</param>
/// <param name="Note">Anything the number needs to be read right (e.g. the failure-detection share).</param>
internal sealed record ResultRow(string Key, string Workload, string Unit, bool HigherIsBetter, double? Raw, double? Sworm, string Note = "")
{
    /// <summary>Sworm / raw, when both were measured.</summary>
    public double? Ratio => Raw is > 0 && Sworm is { } sworm ? sworm / Raw.Value : null;

    public string Format(double? value) => value is not { } v
        ? "–"
        : Unit switch
        {
            "ops/s" => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            "µs" => v.ToString(v < 10 ? "0.00" : "N0", System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(v < 0.1 ? "0.000" : "0.00", System.Globalization.CultureInfo.InvariantCulture),
        };
}
