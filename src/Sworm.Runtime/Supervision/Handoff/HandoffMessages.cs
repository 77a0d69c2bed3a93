using Proto;

// The messages of a move (handoff). Those between members are plain records (they cross the wire as JSON);
// the relay's own messages stay on the leaving member and may carry envelopes.
namespace Sworm.Supervision.Handoff;

/// <summary>
/// Keep <paramref name="Json"/>, the handed-off state of <paramref name="Name"/>, until its successor takes it;
/// <paramref name="From"/>: the id of the member whose worker handed it off (it asks for the successor next).
/// </summary>
internal sealed record StoreHandoff(string Name, byte[] Json, string? From = null);

/// <summary>
/// The state is stored (the acknowledgement the leaving worker waits for before it stops), or, when
/// <paramref name="RefusedBy"/> is set, refused: the store's member (that id) is leaving too, so no successor may be
/// placed there; the leaving worker stores it on another member.
/// </summary>
internal sealed record HandoffStored(string? RefusedBy = null);

/// <summary>Give the stored state of <paramref name="Name"/> to its successor and forget it.</summary>
internal sealed record TakeHandoff(string Name);

/// <summary>The stored state, or null when there was none (or it expired).</summary>
internal sealed record HandoffTaken(byte[]? Json);

/// <summary>The member with <paramref name="Id"/> is leaving: place no successor there.</summary>
internal sealed record MemberLeaving(string Id);

/// <summary>Answer to <see cref="MemberLeaving"/>.</summary>
internal sealed record MemberLeavingNoted;

/// <summary>How many states a store holds (tests: no growth).</summary>
internal sealed record HandoffStoreStatusRequest;

/// <summary>
/// Answer to <see cref="HandoffStoreStatusRequest"/>: <paramref name="Stored"/> states, <paramref name="Awaited"/> of
/// them stored recently, by a member still in the topology, so that their successor may still be on its way here.
/// </summary>
internal sealed record HandoffStoreStatus(int Stored, int Awaited);

/// <summary>
/// Part of a <see cref="RegisterSupervised"/> that starts a successor: the state waits in the handoff store at
/// <paramref name="StoreAddress"/> (null: the predecessor handed nothing off, the successor starts clean).
/// </summary>
internal sealed record HandoffArrival(string? StoreAddress, string[]? Groups = null);

/// <summary>
/// Sent to a successor after everything its predecessor received was relayed to it: the messages sent straight to
/// it meanwhile may now run. Also sent by its delegate after a bound, so a lost leaver cannot hold it forever.
/// </summary>
internal sealed record HandoffSealed
{
    public static readonly HandoffSealed Instance = new();
}

/// <summary>From the leave step to the name host, for <paramref name="Name"/>'s delegate: move the worker off this member; <paramref name="Relay"/> takes its messages.</summary>
internal sealed record HandOffWorker(string Name, PID Relay);

/// <summary>
/// A delegate's answer to <see cref="HandOffWorker"/>, sent once its worker has stopped. <paramref name="Moved"/>: the worker
/// stopped and its messages go to the relay; start the successor from <paramref name="Spec"/>, its state (if any)
/// waits at <paramref name="StoredAt"/>; it joins <paramref name="Groups"/>.
/// </summary>
internal sealed record WorkerHandedOff(bool Moved, string Name, WorkerSpec? Spec, PID? OldPid, string? StoredAt, string[]? Groups = null)
{
    public static WorkerHandedOff NotMoved(string name) => new(false, name, null, null, null);
}

/// <summary>From a delegate to its worker's move forwarder: send everything to <paramref name="Relay"/> from now on.</summary>
internal sealed record MoveOut(PID Relay);

/// <summary>The worker forwarded everything it had; its pid now forwards to the relay.</summary>
internal sealed record MovedOut;

/// <summary>A worker's move forwarder to itself: every message queued before the pid was redirected has been forwarded.</summary>
internal sealed record DrainMarker
{
    public static readonly DrainMarker Instance = new();
}
