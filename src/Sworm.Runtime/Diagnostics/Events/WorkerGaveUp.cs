using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>
/// The worker of <paramref name="Name"/> stopped more than <paramref name="MaxRestarts"/> times within
/// <paramref name="Window"/>: its delegate gave up and the name was removed. Counted by <c>sworm.gave_up</c>.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record WorkerGaveUp(string SwormName, string Name, int MaxRestarts, TimeSpan Window) : SwormEvent
{
    /// <inheritdoc />
    public override string? Sworm => SwormName;
}
