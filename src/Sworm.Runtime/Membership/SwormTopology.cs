using Proto;
using Proto.Cluster;
using Sworm.Lifecycle;

namespace Sworm.Membership;

/// <summary>
/// The one view of "the members that run this sworm" that every actor and the client use: the live members of
/// the sworm's cluster kind, this member's identity, whether an address is still in the topology, and whether
/// this member is leaving. Reads Proto's member list, which the membership provider keeps current.
/// </summary>
internal sealed class SwormTopology
{
    private readonly Cluster cluster;
    private readonly MemberLifecycle lifecycle;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _leaving = new(StringComparer.Ordinal);
    private volatile MembersView? _view;

    // Bumped by every topology Proto publishes (after it has replaced its member set): a view built from an older
    // version is built again. So a call costs no copy of Proto's member list (GetAllMembers copies it).
    private int _version;

    public SwormTopology(Cluster cluster, string kind, MemberLifecycle lifecycle)
    {
        this.cluster = cluster;
        this.lifecycle = lifecycle;
        Kind = kind;
        cluster.System.EventStream.Subscribe<ClusterTopology>(_ => Interlocked.Increment(ref _version));
    }

    /// <summary>The Proto cluster kind of the sworm.</summary>
    public string Kind { get; }

    /// <summary>This member's id (Proto's <c>ActorSystem.Id</c>, new for each process start).</summary>
    public string SelfId => cluster.System.Id;

    /// <summary>This member's address (host:port).</summary>
    public string SelfAddress => cluster.System.Address;

    /// <summary>Whether this member is leaving gracefully.</summary>
    public bool IsLeaving => lifecycle.IsLeaving;

    /// <summary>Whether this member serves calls (started, not leaving).</summary>
    public bool IsRunning => lifecycle.State == MemberState.Running;

    /// <summary>Whether this member is below its static quorum: it serves no registrations and runs no supervised workers.</summary>
    public bool BelowQuorum => lifecycle.Quorum.IsBelow;

    /// <summary>Whether a static quorum is set (CP mode).</summary>
    public bool HasStaticQuorum => lifecycle.Quorum.Required > 0;

    /// <summary>The members that run the sworm, this member included. Shared: callers must not change the array.</summary>
    public Member[] Members() => View().Members;

    /// <summary>The members that run the sworm, this member excluded. Shared: callers must not change the array.</summary>
    public Member[] Peers() => View().Peers;

    /// <summary>
    /// Proto's member list, filtered by kind once per topology rather than on every call: asked several times per
    /// registration, the filter's closure, iterator and array were a measurable share of the garbage under load.
    /// </summary>
    private MembersView View()
    {
        var version = Volatile.Read(ref _version);
        var view = _view;
        return view is not null && view.Version == version ? view : Rebuild(version);
    }

    // Apart from View, whose fast path must not allocate (the filters' closure would be made on every call).
    private MembersView Rebuild(int version)
    {
        var all = cluster.MemberList.GetAllMembers();
        var self = SelfId;
        var members = Array.FindAll(all, m => m.Kinds.Contains(Kind));
        var view = new MembersView(version, all, members, Array.FindAll(members, m => m.Id != self));
        _view = view;
        return view;
    }

    /// <summary>The ids of the members that run the sworm, this member included.</summary>
    public HashSet<string> MemberIds() => Members().Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The ids of the members of <paramref name="topology"/> that run the sworm.</summary>
    public HashSet<string> MemberIds(ClusterTopology topology) =>
        topology.Members.Where(m => m.Kinds.Contains(Kind)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="address"/> is this member or a member of the current topology.</summary>
    public bool IsLive(string address) => address == SelfAddress || View().AllAddresses.Contains(address);

    /// <summary>
    /// The address (host:port) of <paramref name="member"/>, kept once per topology: Proto's <c>Member.Address</c> builds a
    /// new string on every call, and the name hosts ask it per name (a failover's topology change, every request passed on).
    /// </summary>
    public string AddressOf(Member member) => View().Addresses.TryGetValue(member, out var address) ? address : member.Address;

    /// <summary>
    /// Whether the member with <paramref name="id"/> is this member or in the current topology. Liveness of a process
    /// is a question about its member's incarnation, not its address: a process restarted at the same address is a
    /// new member, and pids of its predecessor (whose ids Proto may hand out again) are dead.
    /// </summary>
    public bool IsLiveMember(string id) => id == SelfId || cluster.MemberList.TryGetMember(id, out _);

    /// <summary>
    /// A member announced that it is leaving gracefully (its handoff step): no successor is placed there, and a name it
    /// still holds while the name moves is not a conflict.
    /// </summary>
    public void NoteLeaving(string memberId)
    {
        _leaving[memberId] = 0;

        // Members that left are forgotten here too, so the set stays as small as the cluster.
        foreach (var id in _leaving.Keys)
        {
            if (id != memberId && id != SelfId && !IsLiveMember(id))
            {
                _leaving.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Whether the member with <paramref name="memberId"/> is leaving (this member, or one that announced it).</summary>
    public bool IsMemberLeaving(string memberId) => _leaving.ContainsKey(memberId) || (memberId == SelfId && IsLeaving);

    /// <summary>Whether another live member announced that it is leaving.</summary>
    public bool AnyPeerLeaving
    {
        get
        {
            if (_leaving.IsEmpty)
            {
                return false;
            }

            foreach (var (id, _) in _leaving)
            {
                if (id != SelfId && IsLiveMember(id))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Whether the member at <paramref name="address"/> runs the sworm.</summary>
    public bool RunsSworm(string address) => View().MemberAddresses.Contains(address);

    /// <summary>The address of the member with <paramref name="id"/>, if it is in the topology.</summary>
    public string? AddressOf(string id) =>
        cluster.MemberList.TryGetMember(id, out var member) && member is not null ? member.Address : null;

    /// <summary>
    /// Delivers every topology change to <paramref name="actor"/>'s mailbox until the subscription is disposed; the
    /// actor's view is current when the change arrives.
    /// </summary>
    public EventStreamSubscription<object> Subscribe(PID actor)
    {
        var root = cluster.System.Root;
        return cluster.System.EventStream.Subscribe<ClusterTopology>(topology =>
        {
            // Proto calls its subscribers in no set order: had this one run before the constructor's, the actor
            // would have read the view of the previous topology (a name host then missed the names whose owner moved).
            Interlocked.Increment(ref _version);
            root.Send(actor, topology);
        });
    }

    private sealed class MembersView(int version, Member[] all, Member[] members, Member[] peers)
    {
        public int Version { get; } = version;

        public Member[] All { get; } = all;

        public Member[] Members { get; } = members;

        public Member[] Peers { get; } = peers;

        // By reference: the members of this view are the ones its callers hold.
        public Dictionary<Member, string> Addresses { get; } = all.ToDictionary(m => m, m => m.Address, ReferenceEqualityComparer.Instance as IEqualityComparer<Member>);

        public HashSet<string> AllAddresses => field ??= Addresses.Values.ToHashSet(StringComparer.Ordinal);

        public HashSet<string> MemberAddresses => field ??= Members.Select(m => Addresses[m]).ToHashSet(StringComparer.Ordinal);
    }
}
