namespace Sworm.Lifecycle;

/// <summary>The order of a member's start (see each stage for when it runs relative to Proto's member start).</summary>
internal static class StartStage
{
    /// <summary>
    /// Per-sworm actors (registry, spec store) are spawned: before the join, from the membership provider's
    /// <c>BeforeJoin</c> hook (so these steps must complete synchronously), so that no peer's message finds one half-spawned.
    /// </summary>
    public const int SpawnActors = 1000;

    /// <summary>A joiner waits until it holds every peer's part of the registry (a late joiner sees it all).</summary>
    public const int SyncRegistry = 2000;

    /// <summary>Sworms with <c>RebalanceOnJoin</c> start watching for members that join (this member is running).</summary>
    public const int Rebalance = 3000;
}
