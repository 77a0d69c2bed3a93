using System.Collections.Immutable;
using Proto.Cluster;
using Sworm.Supervision.Failover;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Where Proto places a new delegate (and so its worker) of a handoff sworm: the rendezvous-first member among those
/// that run the sworm and are not leaving, the rule failover uses. Proto's default round-robin would place a moving
/// name's successor on the leaving member itself, or on another member that leaves at the same moment. When every
/// member is leaving, any member will do (the name cannot survive anyway). Candidates come from the topology, not
/// from Proto's add/remove calls, which can keep a member that has left (Proto 1.8's own strategy keeps placing
/// activations on a dead member).
/// </summary>
internal sealed class HandoffMemberStrategy(Handoffs handoffs) : IMemberStrategy
{
    private ImmutableList<Member> _members = ImmutableList<Member>.Empty;

    public ImmutableList<Member> GetAllMembers() => _members;

    public void AddMember(Member member) =>
        ImmutableInterlocked.Update(ref _members, list => list.Any(m => m.Id == member.Id) ? list : list.Add(member));

    public void RemoveMember(Member member)
    {
        ImmutableInterlocked.Update(ref _members, list => list.RemoveAll(m => m.Id == member.Id));
        handoffs.ForgetMember(member.Id);
    }

    public Member? GetActivator(ClusterIdentity identity, string senderAddress)
    {
        var members = handoffs.Members();
        var staying = Array.FindAll(members, m => !handoffs.IsLeaving(m.Id));
        var candidates = staying.Length > 0 ? staying : members;
        var first = Rendezvous.First(identity.Identity, candidates.Select(m => m.Id));
        return first is null ? null : candidates.First(m => m.Id == first);
    }

    [Obsolete("Proto calls GetActivator(ClusterIdentity, string).")]
    public Member? GetActivator(string senderAddress) => handoffs.Members().FirstOrDefault(m => !handoffs.IsLeaving(m.Id));
}
