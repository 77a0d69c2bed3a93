namespace Sworm.Lifecycle;

/// <summary>
/// The order of a member's start steps, which run once Proto's member start has returned (the sworms' actors were
/// spawned before the join: <c>SwormRuntime.SpawnActors</c>).
/// </summary>
internal static class StartStage
{
    /// <summary>A joiner waits until it holds every peer's part of the registry (a late joiner sees it all).</summary>
    public const int SyncRegistry = 2000;

    /// <summary>Sworms with <c>RebalanceOnJoin</c> start watching for members that join (this member is running).</summary>
    public const int Rebalance = 3000;
}
