using Proto;

namespace Sworm.Registry;

/// <summary>
/// A name in the replica: the process holding it, which member published it at which sequence number, and
/// whether it is held by claim (a pid registration) rather than by a supervised worker.
/// </summary>
internal sealed record NameEntry(PID Pid, string Source, long Sequence, bool IsClaim);
