using System.Diagnostics.CodeAnalysis;
using Proto;

namespace Sworm;

/// <summary>
/// The delegate of <paramref name="Name"/> started its worker <paramref name="Pid"/> for a registration
/// (<paramref name="Restore"/> false) or for a restore after failover (true). Published by the delegate's member.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record WorkerStarted(string SwormName, string Name, PID Pid, bool Restore) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => SwormName;
}
