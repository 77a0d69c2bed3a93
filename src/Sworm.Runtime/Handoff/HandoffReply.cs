namespace Sworm.Handoff;

/// <summary>
/// A worker's answer to <c>BeginHandoff</c>; a null state means it declined. <paramref name="Failure"/>: its handler
/// threw (or its state cannot be written as JSON), said by the runtime, not the worker.
/// </summary>
internal sealed record HandoffReply(HandoffState? State, string? Failure = null);
