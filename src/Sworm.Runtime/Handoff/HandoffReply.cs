namespace Sworm.Handoff;

/// <summary>A worker's answer to <c>BeginHandoff</c>; a null state means it declined.</summary>
internal sealed record HandoffReply(HandoffState? State);
