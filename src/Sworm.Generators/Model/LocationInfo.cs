using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Sworm.Generators.Model;

/// <summary>
/// Where a diagnostic goes, as plain values. A <see cref="Location"/> holds its syntax tree, which would
/// keep the compilation alive in the cache and never compare equal across runs.
/// </summary>
internal readonly record struct LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
