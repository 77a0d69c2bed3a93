using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Sworm.Dashboard;

/// <summary>The page, script and style sheet, read once from the assembly's embedded resources.</summary>
internal static class DashboardAssets
{
    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    public static IResult Result(string file)
    {
        var bytes = Cache.GetOrAdd(file, Load);
        if (bytes is null)
        {
            return Results.NotFound();
        }

        var contentType = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Bytes(bytes, contentType);
    }

    private static byte[]? Load(string file)
    {
        // Only plain names of embedded files: no paths, so nothing outside the assembly can be asked for.
        if (file.Contains('/') || file.Contains('\\') || file.Contains(".."))
        {
            return null;
        }

        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Sworm.Dashboard.Assets." + file);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
