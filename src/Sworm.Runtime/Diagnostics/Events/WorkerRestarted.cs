using System.Diagnostics.CodeAnalysis;
using Proto;

namespace Sworm;

/// <summary>
/// The worker of <paramref name="Name"/> stopped (crashed, or exited under a permanent strategy) and its delegate
/// started it again as <paramref name="Pid"/>. Published by the delegate's member; counted by <c>sworm.restarts</c>.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record WorkerRestarted(string SwormName, string Name, PID Pid) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => SwormName;
}
