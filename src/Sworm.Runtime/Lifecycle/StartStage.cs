namespace Sworm.Lifecycle;

/// <summary>The order of a member's start, after Proto's cluster member has started.</summary>
internal static class StartStage
{
    /// <summary>Per-sworm actors (registry, spec store) are spawned.</summary>
    public const int SpawnActors = 1000;

    /// <summary>A joiner waits until it holds every peer's part of the registry (a late joiner sees it all).</summary>
    public const int SyncRegistry = 2000;

    /// <summary>Sworms with <c>RebalanceOnJoin</c> start watching for members that join (this member is running).</summary>
    public const int Rebalance = 3000;
}
