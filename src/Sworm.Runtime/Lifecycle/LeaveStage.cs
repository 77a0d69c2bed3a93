namespace Sworm.Lifecycle;

/// <summary>The order of a graceful leave. Everything before <see cref="LeaveCluster"/> runs while the member is a full member.</summary>
internal static class LeaveStage
{
    /// <summary>Calls on this member are refused from here on.</summary>
    public const int StopAccepting = 1000;

    /// <summary>Workers of handoff sworms pass their state to successors.</summary>
    public const int Handoff = 2000;

    /// <summary>The specs hosted here are handed to every other member, so no supervised name is lost.</summary>
    public const int HandOverSpecs = 3000;

    /// <summary>Proto's graceful shutdown: the member leaves the cluster.</summary>
    public const int LeaveCluster = 4000;
}
