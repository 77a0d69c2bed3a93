using Proto;

// The move relay's messages. Local to the leaving member: they carry envelopes, never cross the wire.
namespace Sworm.Supervision.Handoff;

/// <summary>A message the moving worker received after it answered <c>BeginHandoff</c> (held, then forwarded).</summary>
internal sealed record RelayFromWorker(string OldId, MessageEnvelope Envelope);

/// <summary>A message that reached the moving worker's pid after it was redirected (or as a dead letter).</summary>
internal sealed record RelayDirect(string OldId, MessageEnvelope Envelope);

/// <summary>The worker forwarded everything queued before its pid was redirected.</summary>
internal sealed record WorkerDrained(string OldId);

/// <summary>Where the messages of <paramref name="OldId"/> go: its successor, or nowhere (null: no member took it).</summary>
internal sealed record RelayTarget(string OldId, string Name, PID? Successor);

/// <summary>This member's registry points the moved name at its successor as of <paramref name="Sequence"/>.</summary>
internal sealed record RelayPointed(string OldId, long Sequence);

/// <summary>
/// Every peer's replica has applied this member's changes up to <paramref name="UpTo"/>: each successor whose name
/// was pointed at it by then may let its held messages run (<paramref name="All"/>: every successor, the last seal).
/// </summary>
internal sealed record SealMoves(long UpTo, bool All = false);

/// <summary>Answer to <see cref="SealMoves"/>: counts of the relay's work so far.</summary>
internal sealed record MovesSealed(int Moves, int Relayed, int Dropped);
