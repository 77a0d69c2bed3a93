using Proto.Cluster;

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

    /// <summary><see cref="First(string, IEnumerable{string})"/> over an array, with nothing allocated (hot paths).</summary>
    public static string? First(string name, string[] memberIds)
    {
        string? best = null;
        var bestWeight = 0UL;
        foreach (var id in memberIds)
        {
            if (IsBetter(name, id, best, bestWeight, out var weight))
            {
                best = id;
                bestWeight = weight;
            }
        }

        return best;
    }

    /// <summary>The member that ranks first for <paramref name="name"/> among those <paramref name="include"/> accepts; null when none does. Allocates nothing.</summary>
    public static Member? First<TState>(string name, Member[] members, TState state, Func<Member, TState, bool> include)
    {
        Member? best = null;
        var bestWeight = 0UL;
        foreach (var member in members)
        {
            if (include(member, state) && IsBetter(name, member.Id, best?.Id, bestWeight, out var weight))
            {
                best = member;
                bestWeight = weight;
            }
        }

        return best;
    }

    /// <summary>
    /// Sorts <paramref name="members"/> in place, first-ranked for <paramref name="name"/> first (the order of
    /// <see cref="Rank"/>). Insertion sort: member lists are short, and nothing is allocated.
    /// </summary>
    public static void SortByRank(string name, Member[] members)
    {
        for (var i = 1; i < members.Length; i++)
        {
            var item = members[i];
            var weight = Weight(name, item.Id);
            var j = i - 1;
            while (j >= 0 && Before(weight, item.Id, Weight(name, members[j].Id), members[j].Id))
            {
                members[j + 1] = members[j];
                j--;
            }

            members[j + 1] = item;
        }
    }

    /// <summary>The item whose member id (<paramref name="idOf"/>) ranks first for <paramref name="name"/>; default when there is none.</summary>
    public static T? First<T>(string name, IEnumerable<T> items, Func<T, string> idOf)
    {
        T? best = default;
        string? bestId = null;
        var bestWeight = 0UL;
        foreach (var item in items)
        {
            var id = idOf(item);
            if (IsBetter(name, id, bestId, bestWeight, out var weight))
            {
                best = item;
                bestId = id;
                bestWeight = weight;
            }
        }

        return best;
    }

    private static bool IsBetter(string name, string id, string? bestId, ulong bestWeight, out ulong weight)
    {
        weight = Weight(name, id);
        return bestId is null || Before(weight, id, bestWeight, bestId);
    }

    // Higher weight first; equal weights by id, so every member breaks the tie the same way.
    private static bool Before(ulong weight, string id, ulong otherWeight, string otherId) =>
        weight > otherWeight || weight == otherWeight && string.CompareOrdinal(id, otherId) < 0;

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
