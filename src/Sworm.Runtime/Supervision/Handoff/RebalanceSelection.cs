using Sworm.Supervision.Failover;
using Sworm.Supervision.Placement;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Which of this member's workers a rebalance moves: those whose rendezvous-first member among the members that run the
/// sworm and are not leaving (the placement rule of <see cref="Placement.NameHosts"/>) is another member. Nothing
/// moves off a leaving member (its leave step moves everything) or off a member the topology does not list yet, and
/// nothing moves toward a leaving member.
/// </summary>
internal static class RebalanceSelection
{
    /// <summary>The names among <paramref name="localNames"/> that belong on another member now.</summary>
    public static List<string> ToMove(IEnumerable<string> localNames, IReadOnlyCollection<string> memberIds, string selfId, Func<string, bool> isLeaving)
    {
        var staying = memberIds.Where(id => !isLeaving(id)).ToArray();
        if (isLeaving(selfId) || !staying.Contains(selfId, StringComparer.Ordinal) || staying.Length < 2)
        {
            return [];
        }

        return localNames.Where(name => Rendezvous.First(name, staying) != selfId).ToList();
    }
}
