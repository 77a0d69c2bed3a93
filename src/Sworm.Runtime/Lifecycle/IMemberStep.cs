namespace Sworm.Lifecycle;

/// <summary>
/// One step of a member's start or graceful leave, run in <see cref="Stage"/> order (after Orleans'
/// <c>ServiceLifecycleStage</c>). A capability that must act while the member is still a full cluster member
/// (handoff, the spec hand-over) adds a leave step instead of editing the member's stop sequence.
/// </summary>
internal interface IMemberStep
{
    /// <summary>When the step runs: <see cref="StartStage"/> or <see cref="LeaveStage"/> values, lowest first.</summary>
    int Stage { get; }

    /// <summary>A short name for the logs.</summary>
    string Name { get; }

    /// <summary>Runs the step. A leave step must not throw: a failed step is logged and the leave goes on.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
