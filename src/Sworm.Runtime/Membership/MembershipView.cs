namespace Sworm.Membership;

/// <summary>
/// One member's view, sent to every other member each gossip interval and returned by a join.
/// Receiving it is also the heartbeat: it proves the sender is alive and can reach us.
/// </summary>
/// <param name="ClusterName">Views from another cluster that happens to share a seed address are ignored.</param>
/// <param name="SenderId">The member whose view this is; it is always among <paramref name="Members"/>.</param>
/// <param name="Members">Members the sender believes alive, itself included.</param>
/// <param name="Tombstones">Ids the sender knows to be dead or gone; they win over any view that still lists them.</param>
internal sealed record MembershipView(string ClusterName, string SenderId, MemberInfo[] Members, string[] Tombstones);
