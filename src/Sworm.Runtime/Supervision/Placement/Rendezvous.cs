namespace Sworm.Supervision.Placement;

/// <summary>
/// Rendezvous (highest random weight) ranking of members for a name: every member computes the same order
/// from the same member list, and when a member leaves, only the names it ranked first move.
/// The hash must be the same in every process, so it is not <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class Rendezvous
{
    public static string[] Rank(string name, IEnumerable<string> memberIds) =>
        memberIds.OrderByDescending(id => Weight(name, id)).ThenBy(id => id, StringComparer.Ordinal).ToArray();

    /// <summary>The member that ranks first for <paramref name="name"/> (what <see cref="Rank"/> puts first, without sorting).</summary>
    public static string? First(string name, IEnumerable<string> memberIds) => First(name, memberIds, id => id);

    /// <summary>The item whose member id (<paramref name="idOf"/>) ranks first for <paramref name="name"/>; default when there is none.</summary>
    public static T? First<T>(string name, IEnumerable<T> items, Func<T, string> idOf)
    {
        T? best = default;
        string? bestId = null;
        var bestWeight = 0UL;
        foreach (var item in items)
        {
            var id = idOf(item);
            var weight = Weight(name, id);
            if (bestId is null || weight > bestWeight || weight == bestWeight && string.CompareOrdinal(id, bestId) < 0)
            {
                best = item;
                bestId = id;
                bestWeight = weight;
            }
        }

        return best;
    }

    private static ulong Weight(string name, string memberId) => Mix(Fnv1A(memberId, Fnv1A(name, 14695981039346656037UL) ^ 0xFF));

    private static ulong Fnv1A(string text, ulong hash)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    // FNV alone scores similar ids alike; a finalizer spreads them (SplitMix64's).
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
