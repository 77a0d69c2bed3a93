using System.Diagnostics.CodeAnalysis;
using Proto;

namespace Sworm;

/// <summary>
/// Two processes held <paramref name="Name"/> (after a partition healed); <paramref name="Kept"/> keeps the name and
/// <paramref name="Stopped"/> was told to resolve the conflict and stopped. Counted by <c>sworm.conflicts</c>.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record ConflictResolved(string SwormName, string Name, PID Kept, PID Stopped) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => SwormName;
}
