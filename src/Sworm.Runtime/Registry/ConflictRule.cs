namespace Sworm.Registry;

/// <summary>
/// Which publication of a name survives when two live members publish it (a healed partition, two owners with
/// different views during a topology change, a rejoin). Every member computes it from the entry alone, never from the
/// order in which publications arrived: the winner is the publication whose source member (id) has the highest
/// weight for the name (a hash of name and member id, the same in every process), ties by the smaller id. So every
/// replica answers <c>WhereIsName</c> with the same process, and only the loser's member acts (it stops its worker).
/// Documented in docs/partitions.md ("Name conflicts").
/// </summary>
internal static class ConflictRule
{
    /// <summary>The source (member id) whose publication of <paramref name="name"/> wins among <paramref name="sources"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="sources"/> is empty.</exception>
    public static string Winner(string name, IEnumerable<string> sources)
    {
        string? best = null;
        var bestWeight = 0UL;
        foreach (var source in sources)
        {
            var weight = Weight(name, source);
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(source, best) < 0))
            {
                best = source;
                bestWeight = weight;
            }
        }

        return best ?? throw new ArgumentException("A conflict has at least one publication.", nameof(sources));
    }

    /// <summary>
    /// <paramref name="entry"/>'s chain with the winning publication on top, the others after it in their order;
    /// the same instance when the winner is already on top.
    /// </summary>
    public static NameEntry Arrange(string name, NameEntry entry)
    {
        if (entry.Shadowed is null)
        {
            return entry;
        }

        var chain = new List<NameEntry>();
        for (var e = entry; e is not null; e = e.Shadowed)
        {
            chain.Add(e);
        }

        var winner = Winner(name, chain.Select(e => e.Source));
        if (entry.Source == winner)
        {
            return entry;
        }

        var top = chain.First(e => e.Source == winner);
        NameEntry? rest = null;
        foreach (var e in Enumerable.Reverse(chain))
        {
            if (!ReferenceEquals(e, top))
            {
                rest = e with { Shadowed = rest };
            }
        }

        return top with { Shadowed = rest };
    }

    // FNV-1a over name, a separator and the id, then SplitMix64's finalizer so similar ids spread.
    private static ulong Weight(string name, string source)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ 0xFF) * 1099511628211UL;
        foreach (var c in source)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
