using Proto;

namespace Sworm.Registry;

/// <summary>
/// A process of this member that is part of the sworm: a supervised worker, or a process registered by pid.
/// The registry actor watches it (a local watch, which Proto delivers reliably) so that its names and
/// groups go away when it stops. Several names of one process share this one record and one watch.
/// </summary>
internal sealed class TrackedProcess(PID pid)
{
    public PID Pid { get; } = pid;

    /// <summary>Names held by claim, with whom to tell when the process stops (the name's delegate).</summary>
    public Dictionary<string, PID> ClaimedNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of a supervised worker (published by its delegate).</summary>
    public HashSet<string> WorkerNames { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => ClaimedNames.Count == 0 && WorkerNames.Count == 0;
}
