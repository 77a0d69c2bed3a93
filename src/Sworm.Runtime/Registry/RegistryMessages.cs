using Proto;
using Sworm.Workers;

// The messages of the per-member registry actor: local changes from delegates, replication between
// members, and group membership. Plain records: they cross the wire as JSON.
namespace Sworm.Registry;

/// <summary>
/// A supervised worker (re)started under <paramref name="Name"/> on this member. Its delegate is its parent (told when
/// the name is lost to a conflict or to the quorum), and reports its stop (<see cref="WorkerStopped"/>).
/// <paramref name="Spec"/>: the worker's spec goes to every peer's spec store with the delta that publishes the name,
/// and the answer waits until one of them acknowledged it (see <c>RegistryActor.SpecCopies.cs</c>), unless
/// <paramref name="Asker"/>, the address of the other member the registration came from, is one of them. <paramref name="Reply"/>:
/// where the answer goes (else to the sender). Local only.
/// </summary>
internal sealed record PublishWorker(string Name, PID Pid, bool Arriving = false, WorkerSpec? Spec = null, ILocalReply<Published>? Reply = null, string? Asker = null);

/// <summary>
/// A failover copy of a spec that travels with this member's deltas to every peer's spec store: keep
/// <paramref name="Spec"/> for <paramref name="Name"/>, or, when it is null, drop the copy that says the name runs on the
/// delta's source. Carried, not sent apart, so a drop can never overtake the copy it drops.
/// </summary>
internal sealed record CarriedSpec(string Name, WorkerSpec? Spec);

/// <summary>Local, from a delegate: every peer drops its copy of <paramref name="Name"/>'s spec (with this member's next delta).</summary>
internal sealed record ForgetSpec(string Name);

/// <summary>
/// Local, from a member's registry to its spec store: <paramref name="Specs"/> arrived with a delta of member
/// <paramref name="Host"/>'s part; once kept, acknowledge up to <paramref name="Sequence"/> to <paramref name="AckTo"/>
/// (the source's registry).
/// </summary>
internal sealed record ReplicatedSpecs(string Host, CarriedSpec[] Specs, PID? AckTo, long Sequence);

/// <summary>From a peer's spec store to a source's registry: member <paramref name="Holder"/> keeps every spec carried up to <paramref name="Sequence"/>.</summary>
internal sealed record SpecsAcknowledged(long Sequence, string Holder);

/// <summary>
/// From a supervised worker's delegate, its parent, which Proto always tells: the worker stopped. The registry does not
/// watch supervised workers, because a watch gives every worker Proto's per-actor extras (watcher set, cancellation
/// source, restart statistics: about 0.35 KB per name, measured with <c>dotnet-gcdump</c>).
/// </summary>
internal sealed record WorkerStopped(PID Pid);

/// <summary>
/// <paramref name="Name"/>'s worker <paramref name="Pid"/> is moving to another member (handoff): when it stops, the
/// name stays on it until <see cref="PointMovedName"/> (or an unpublish) replaces it, so no replica sees the name vanish.
/// </summary>
internal sealed record HoldMovingName(string Name, PID Pid);

/// <summary>Answer to <see cref="HoldMovingName"/>: the groups the moving worker is in (its successor joins them).</summary>
internal sealed record MovingNameHeld(string[] Groups);

/// <summary>The moved name now points at its successor <paramref name="To"/> (on another member) in this member's part.</summary>
internal sealed record PointMovedName(string Name, PID From, PID To);

/// <summary>Answered with <see cref="AppliedUpTo"/> once this replica has applied <paramref name="Source"/>'s changes up to <paramref name="Sequence"/>.</summary>
internal sealed record AwaitApplied(string Source, long Sequence);

/// <summary>Answer to <see cref="AwaitApplied"/>.</summary>
internal sealed record AppliedUpTo(long Sequence);

/// <summary>Remove <paramref name="Name"/> if it still points at <paramref name="Pid"/>.</summary>
internal sealed record UnpublishName(string Name, PID Pid);

/// <summary>Asked of the registry on <paramref name="Pid"/>'s member: does that process still run? Answered with <see cref="ProcessProbed"/>.</summary>
internal sealed record ProbeProcess(PID Pid);

/// <summary>The answer to <see cref="ProbeProcess"/>: false once the process has stopped or is stopping.</summary>
internal sealed record ProcessProbed(bool Alive);

/// <summary>
/// Track a process of this member under <paramref name="Name"/> (pid registration) and tell <paramref name="Notify"/>
/// when it stops. With <paramref name="ExistingOnly"/>, only re-point the notification of a name this member already
/// tracks for that process (the previous one to notify was lost with its member).
/// </summary>
internal sealed record TrackProcess(string Name, PID Pid, PID Notify, bool ExistingOnly = false);

/// <summary>Sent to whoever asked to be notified (<see cref="TrackProcess"/>): the tracked process stopped.</summary>
internal sealed record TrackedProcessStopped(string Name, PID Pid);

/// <summary>
/// Sent to whoever was notified of a claim before another delegate adopted it (<see cref="TrackProcess"/> with
/// <c>ExistingOnly</c>): the name's requests go to the adopter now, so the previous delegate no longer holds it.
/// </summary>
/// <param name="Name">The claimed name.</param>
/// <param name="Pid">The process that holds it.</param>
/// <param name="Generation">The adoption's <c>LocalNames.ClaimGeneration</c>: a delegate that got the claim later (a
/// higher generation in its own answer) keeps it.</param>
internal sealed record ClaimAdopted(string Name, PID Pid, long Generation);

/// <summary>The result of a publish or track: the entry's source member and sequence number, or not accepted.</summary>
/// <param name="Accepted">Whether the publish or track was taken.</param>
/// <param name="Source">The member (incarnation id) whose registry answered.</param>
/// <param name="Sequence">That registry's last change sequence (for read-your-writes).</param>
/// <param name="Generation">For a track (<see cref="TrackProcess"/>): the claim's generation on the process's member, 0 otherwise.</param>
internal sealed record Published(bool Accepted, string Source, long Sequence, long Generation = 0);

/// <summary>Join or leave a group, for a process of this member.</summary>
internal sealed record ChangeGroup(string Group, PID Pid, bool Join);

/// <summary>
/// Whether a group change was accepted (false: the process is not part of this sworm), with the source member
/// and sequence number the caller needs to apply it at once (read-your-writes).
/// </summary>
internal sealed record GroupChanged(bool Accepted, string Source, long Sequence);

/// <summary>One change to a member's part of the registry.</summary>
internal sealed record RegistryChange(RegistryChangeKind Kind, string Key, PID Pid);

internal enum RegistryChangeKind
{
    NameAdded,
    NameClaimed,
    NameRemoved,
    GroupJoined,
    GroupLeft,
}

/// <summary>
/// A batch of changes from <paramref name="Source"/>, numbered so a receiver can see a gap; <paramref name="SentAt"/>
/// (the sender's clock) feeds the receiver's <c>sworm.replication.delay</c>. <paramref name="Specs"/>: failover copies
/// for the receiver's spec store (<see cref="CarriedSpec"/>), sent with the sender as the ack address.
/// </summary>
internal sealed record RegistryDelta(string Source, long FirstSequence, RegistryChange[] Changes, DateTimeOffset? SentAt = null, CarriedSpec[]? Specs = null);

/// <summary>
/// The last sequence <paramref name="Source"/> has sent, after its deltas (anti-entropy). Sent to a peer it sees for the
/// first time and to every peer once a second: a receiver that has applied less asks for a snapshot. Without it, a
/// member that published before it saw a joiner (while the joiner's snapshot of it was already taken) would leave
/// the joiner without those names until its next publication revealed the gap.
/// </summary>
internal sealed record RegistryHead(string Source, long Sequence);

/// <summary>Ask a member for everything it is the source of.</summary>
internal sealed record RegistrySnapshotRequest;

/// <summary>Everything a member is the source of, as of <paramref name="Sequence"/>.</summary>
internal sealed record RegistrySnapshot(string Source, long Sequence, RegistryChange[] Entries);

/// <summary>
/// Apply a change the caller learnt from an answer (read-your-writes) before its delta arrives. <paramref name="Spec"/>:
/// the spec of the supervised worker the caller registered, whose copy rode with that delta; kept here if the delta is
/// still missing when this arrives (see <c>RegistryActor.SpecCopies.cs</c>).
/// </summary>
internal sealed record ApplyEarly(string Source, long Sequence, RegistryChange Change, WorkerSpec? Spec = null);

/// <summary>Answered with <see cref="RegistrySynced"/> once this member holds every peer's part (a joiner waits for it).</summary>
internal sealed record AwaitRegistrySynced;

/// <summary>This member's replica holds every peer's part it knows of.</summary>
internal sealed record RegistrySynced;
