using Proto;

namespace Sworm.Registry;

/// <summary>
/// From the registry actor to the local delegate of <paramref name="Name"/>: this member is below its static quorum,
/// so its worker <paramref name="Worker"/> stops without restarting (the side that has quorum restores the name).
/// </summary>
internal sealed record QuorumLost(string Name, PID Worker);
