using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>
/// The worker of <paramref name="Name"/> was moved off a leaving member with its state (or not: see
/// <paramref name="Outcome"/>) to the member at <paramref name="To"/> (null when it did not move). Published by the
/// leaving member; counted by <c>sworm.handoffs</c>.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record NameHandedOff(string SwormName, string Name, HandoffOutcome Outcome, string? To) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => SwormName;
}
