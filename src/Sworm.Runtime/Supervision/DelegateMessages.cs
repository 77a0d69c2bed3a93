using Proto;

// The messages a name's delegate understands and answers. They cross the wire as JSON
// (Proto's default serializer), so they are plain records of strings, numbers, PIDs and specs.
namespace Sworm.Supervision;

/// <summary>
/// Start the worker of <paramref name="Spec"/> under the delegate's name, unless it is held. <paramref name="Restore"/>:
/// sent by a member restoring a lost worker, not by the application; refused if the name was just unregistered.
/// <paramref name="TraceParent"/> and <paramref name="TraceState"/>: the caller's W3C trace context, so the delegate's
/// span on its member continues the caller's trace. <paramref name="Handoff"/>: sent by a leaving member's handoff step;
/// the worker is a successor (see NameDelegate.Handoff.cs).
/// </summary>
internal sealed record RegisterSupervised(
    WorkerSpec Spec, bool Restore = false, string? TraceParent = null, string? TraceState = null, Handoff.HandoffArrival? Handoff = null);

/// <summary>Hold the delegate's name for an existing process.</summary>
internal sealed record ClaimName(PID Pid);

/// <summary>Remove the delegate's name (and stop its supervised worker); with the caller's W3C trace context.</summary>
internal sealed record UnregisterRequest(string? TraceParent = null, string? TraceState = null);

/// <summary>
/// The delegate's answer. <paramref name="Outcome"/> says what happened; <paramref name="Pid"/> is the process
/// holding the name; <paramref name="Source"/> and <paramref name="Sequence"/> say which member published the
/// entry and at which sequence number, so the caller can apply it at once (read-your-writes). An
/// <c>AlreadyStarted</c> answer carries the answering member's id in <paramref name="Source"/> (sequence 0), so a
/// restorer can tell a live member from a dead incarnation at the same address; so does a <c>Leaving</c> answer (the
/// member is leaving and takes no successor: place it elsewhere).
/// </summary>
internal sealed record DelegateReply(DelegateOutcome Outcome, PID? Pid, string? Source, long Sequence, string? Reason)
{
    public static DelegateReply Failed(string reason) => new(DelegateOutcome.Failed, null, null, 0, reason);

    public static readonly DelegateReply NotFound = new(DelegateOutcome.NotFound, null, null, 0, null);
    public static readonly DelegateReply Removed = new(DelegateOutcome.Removed, null, null, 0, null);
}

internal enum DelegateOutcome
{
    Started,
    AlreadyStarted,
    Claimed,
    Taken,
    Removed,
    NotFound,
    Failed,

    /// <summary>A successor (handoff arrival) refused: the member is leaving too; its id is in <c>Source</c>.</summary>
    Leaving,
}

/// <summary>Scheduled by the name host for a delegate that is a tombstone: drop it if nothing was registered in the meantime.</summary>
internal sealed record TombstoneExpired(string Name);

/// <summary>
/// Posted by the name host when the topology changed and this member no longer owns the delegate's name. A delegate
/// holding only a claim goes: requests for the name now go to its owner, which adopts the claim from the registry, and
/// a delegate left here would answer for the name with stale state if this member became the owner again. A delegate
/// with a worker stays (the name lives with its worker; the owner points here), and so does a tombstone until it expires.
/// </summary>
internal sealed record OwnerMoved
{
    public static readonly OwnerMoved Instance = new();
}

/// <summary>
/// Local, from a worker's shell to its name host once Proto has stopped it (Erlang's exit signal; removed from the process registry, its
/// <c>Stopped</c> handled by every layer): what a parent's <c>Terminated</c> was when the host was the workers' parent.
/// </summary>
internal sealed record WorkerExited(PID Worker) : IIgnoreDeadLetterLogging;
