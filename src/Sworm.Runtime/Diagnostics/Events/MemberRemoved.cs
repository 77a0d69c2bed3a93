using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>
/// The member <paramref name="MemberId"/> at <paramref name="Address"/> was removed from the cluster without a
/// graceful leave: it crashed, fell silent past the heartbeat expiration, or was blocked. When it is this member,
/// the others removed it and it shuts down (its health turns Unhealthy).
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record MemberRemoved(string MemberId, string Address, string Reason) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => null;
}
