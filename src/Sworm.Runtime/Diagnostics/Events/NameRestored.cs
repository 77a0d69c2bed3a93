using System.Diagnostics.CodeAnalysis;
using Proto;

namespace Sworm;

/// <summary>
/// <paramref name="Name"/>'s member (id <paramref name="LostMemberId"/>) left or died, and this member, holding a
/// copy of its spec, had it started again as <paramref name="Pid"/>. Published by the restoring member; counted by
/// <c>sworm.failovers</c> (one per name per failover across the cluster).
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record NameRestored(string SwormName, string Name, PID Pid, string LostMemberId) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => SwormName;
}
