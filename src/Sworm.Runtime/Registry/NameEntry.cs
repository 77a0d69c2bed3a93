using Proto;

namespace Sworm.Registry;

/// <summary>
/// A name in the replica: the process holding it, which member published it at which sequence number, and
/// whether it is held by claim (a pid registration) rather than by a supervised worker.
///
/// Normally one member publishes a name. While the topology changes, two owners with different views can briefly
/// run one name on two members; both publish it. The entry then keeps the other member's
/// publication in <see cref="Shadowed"/> (newest first), so when one of the two members leaves, the name
/// still points at the process that survives instead of vanishing.
/// </summary>
internal sealed record NameEntry(PID Pid, string Source, long Sequence, bool IsClaim, NameEntry? Shadowed = null)
{
    /// <summary>This entry on top of <paramref name="previous"/>, whose publication from the same source it replaces.</summary>
    public static NameEntry Over(NameEntry? previous, PID pid, string source, long sequence, bool isClaim) =>
        new(pid, source, sequence, isClaim, previous?.Without(source, pid: null));

    /// <summary>
    /// The chain without <paramref name="source"/>'s publication (only if it names <paramref name="pid"/>, when given);
    /// null when nothing is left.
    /// </summary>
    public NameEntry? Without(string source, PID? pid)
    {
        var rest = Shadowed?.Without(source, pid);
        if (Source == source && (pid is null || Pid.Equals(pid)))
        {
            return rest;
        }

        return ReferenceEquals(rest, Shadowed) ? this : this with { Shadowed = rest };
    }

    /// <summary>Whether <paramref name="source"/> published this name (on top or shadowed).</summary>
    public bool PublishedBy(string source) => Source == source || Shadowed?.PublishedBy(source) == true;
}
