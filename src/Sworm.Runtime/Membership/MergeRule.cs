namespace Sworm.Membership;

/// <summary>
/// Which side of a healed partition rejoins the other. Both sides compute it from the same facts, so exactly one
/// side loses: the membership before the split (<c>P</c>), the members of <c>P</c> alive on this side
/// (<c>mine</c>) and the members of <c>P</c> found listening again on the other side
/// (<c>theirs</c>). The smaller side loses; on a tie the side without the oldest member of both sides
/// (smallest start time, then smallest id) loses. A frozen member is a side of one and loses whatever its age.
/// Documented in docs/partitions.md ("Healing a partition").
/// </summary>
internal static class MergeRule
{
    /// <summary>True when the side of <paramref name="mine"/> must rejoin the side of <paramref name="theirs"/>.</summary>
    /// <exception cref="ArgumentException">Either side is empty, or a member is on both sides.</exception>
    public static bool MySideLoses(IReadOnlyCollection<MemberInfo> mine, IReadOnlyCollection<MemberInfo> theirs)
    {
        if (mine.Count == 0 || theirs.Count == 0)
        {
            throw new ArgumentException("Both sides of a partition have at least one member.");
        }

        if (mine.Any(m => theirs.Any(t => t.Id == m.Id)))
        {
            throw new ArgumentException("A member cannot be on both sides of a partition.");
        }

        if (mine.Count != theirs.Count)
        {
            return mine.Count < theirs.Count;
        }

        var oldest = mine.Concat(theirs).Aggregate((a, b) => b.IsYoungerThan(a) ? a : b);
        return theirs.Any(t => t.Id == oldest.Id);
    }
}
