using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>The member <paramref name="MemberId"/> at <paramref name="Address"/> entered this member's view of the cluster (this member too, when it joins).</summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record MemberJoined(string MemberId, string Address) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => null;
}
