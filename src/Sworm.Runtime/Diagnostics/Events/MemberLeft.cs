using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>The member <paramref name="MemberId"/> at <paramref name="Address"/> left the cluster gracefully (it announced its leave).</summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record MemberLeft(string MemberId, string Address) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => null;
}
