using System.Collections.Concurrent;
using Proto;
using Sworm.Configuration;
using Sworm.Handoff;
using Sworm.Membership;
using Sworm.Supervision.Placement;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// One sworm's handoff collaborator on one member: what delegates, the worker pipeline, the leave step and the
/// rebalancer share. It builds the sworm's generated <c>BeginHandoff</c>/<c>EndHandoff</c> messages, knows
/// the delegates of this member that hold a worker (the leave step moves them; temporary workers included, whose
/// specs no store knows), which members announced they are leaving (no successor is placed there), and the local
/// handoff store and move relay. Counters feed the logs and the tests.
/// </summary>
internal sealed class Handoffs(SwormSettings settings, SwormDeclaration? declaration, SwormTopology topology, NameHosts hosts)
{
    private readonly ConcurrentDictionary<string, NameDelegate> _localWorkers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _movedPids = new(StringComparer.Ordinal);
    private long _held;
    private int _arriving;
    private long _relayed;

    /// <summary>Whether the sworm hands off at all (option <c>Handoff</c>, attribute → configuration → code).</summary>
    public bool Enabled => settings.Options.Handoff && declaration is not null;

    /// <summary>How long a worker has to answer <c>BeginHandoff</c>.</summary>
    public TimeSpan AnswerTimeout => TimeSpan.FromMilliseconds(settings.Options.HandoffTimeoutMs);

    /// <summary>This member's handoff store, once the member has started.</summary>
    public PID? LocalStore { get; set; }

    /// <summary>The sworm's name hosts: where a successor is started.</summary>
    public NameHosts Hosts => hosts;

    /// <summary>This member's move relay, while it leaves.</summary>
    public PID? Relay { get; set; }

    /// <summary>The rebalance running on this member (<see cref="Rebalancer"/>), or a completed task: the leave step waits for it.</summary>
    public Task Rebalancing { get; set; } = Task.CompletedTask;

    /// <summary>The handoff store on the member at <paramref name="address"/>.</summary>
    public PID StoreAt(string address) =>
        LocalStore is { } local && local.Address == address ? local : PID.FromAddress(address, settings.HandoffStoreName);

    public object CreateBeginHandoff(string name) => declaration!.CreateBeginHandoff(new HandoffRequest(name));

    public object CreateEndHandoff(string name, byte[] json) => declaration!.CreateEndHandoff(new HandoffState(name, json));

    public object CreateResolveConflict(string name, byte[] json) => declaration!.CreateResolveConflict(new HandoffState(name, json));

    // ---- delegates holding a worker on this member ----

    public void WorkerStarted(string name, NameDelegate holder)
    {
        if (Enabled)
        {
            _localWorkers[name] = holder;
        }
    }

    /// <summary>The delegate no longer holds a worker to move (dropped, moved, or not movable).</summary>
    public void Released(string name, NameDelegate holder) =>
        _localWorkers.TryRemove(new KeyValuePair<string, NameDelegate>(name, holder));

    public KeyValuePair<string, NameDelegate>[] LocalWorkers() => _localWorkers.ToArray();

    /// <summary>Whether <paramref name="holder"/> still holds <paramref name="name"/>'s worker on this member.</summary>
    public bool IsLocalWorker(string name, NameDelegate holder) =>
        _localWorkers.TryGetValue(name, out var current) && ReferenceEquals(current, holder);

    // ---- successors arriving on this member ----

    /// <summary>
    /// A successor of <paramref name="arrival"/> is about to start here. Refused (false) once this member is leaving,
    /// unless its state waits in this member's own store (stored before the leave began; the leave step waits for it
    /// and moves it on): a member that did not yet hear of this leave must place it on a member that stays.
    /// Counted before the check, so the leave step, which notes the leave before it reads the count, sees it.
    /// </summary>
    public bool BeginArrival(HandoffArrival arrival)
    {
        Interlocked.Increment(ref _arriving);
        if (IsSelfLeaving && arrival.StoreAddress != topology.SelfAddress)
        {
            Interlocked.Decrement(ref _arriving);
            return false;
        }

        return true;
    }

    /// <summary>The arrival begun by <see cref="BeginArrival"/> runs as a local worker, or failed.</summary>
    public void EndArrival() => Interlocked.Decrement(ref _arriving);

    /// <summary>Successors starting on this member right now (not yet among its local workers).</summary>
    public int Arriving => Volatile.Read(ref _arriving);

    // ---- leaving members ----

    /// <summary>The members that run the sworm, this member included (the live topology).</summary>
    public Proto.Cluster.Member[] Members() => topology.Members();

    public void NoteLeaving(string memberId) => topology.NoteLeaving(memberId);

    /// <summary>This member's id.</summary>
    public string SelfId => topology.SelfId;

    /// <summary>Whether the member with <paramref name="memberId"/> is this member or in the current topology.</summary>
    public bool IsLiveMember(string memberId) => topology.IsLiveMember(memberId);

    /// <summary>Whether this member is leaving.</summary>
    public bool IsSelfLeaving => topology.IsMemberLeaving(topology.SelfId);

    /// <summary>Whether the member with <paramref name="memberId"/> is leaving (this member, or one that announced it).</summary>
    public bool IsLeaving(string memberId) => topology.IsMemberLeaving(memberId);

    /// <summary>Where a successor of <paramref name="name"/> goes: the rendezvous-first member that runs the sworm and stays.</summary>
    public string? SuccessorAddress(string name) => hosts.AddressOf(hosts.StayingOwner(name, topology.Members()));

    // ---- the moved pids of this member (dead letters to them are relayed) ----

    public void Moving(PID oldPid) => _movedPids[oldPid.Id] = 0;

    /// <summary>A moved pid of a member that stays no longer forwards (<see cref="WorkerMover.Release"/>).</summary>
    public void Forget(PID oldPid) => _movedPids.TryRemove(oldPid.Id, out _);

    public bool IsMoved(PID pid) => pid.Address == topology.SelfAddress && _movedPids.ContainsKey(pid.Id);

    // ---- counters ----

    /// <summary>Messages a successor held until its predecessor's messages were relayed (cumulative, this member).</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Messages this member relayed from a moved worker's pid to its successor (cumulative).</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    public void CountHeld() => Interlocked.Increment(ref _held);

    public void CountRelayed(int count) => Interlocked.Add(ref _relayed, count);
}
