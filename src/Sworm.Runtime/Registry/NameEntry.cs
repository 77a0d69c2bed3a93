using Proto;

namespace Sworm.Registry;

/// <summary>A name in the replica: the process holding it, and which member published it at which sequence number.</summary>
internal sealed record NameEntry(PID Pid, string Source, long Sequence);
