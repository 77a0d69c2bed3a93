using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>How the handoff of one name ended (the <c>outcome</c> tag of <c>sworm.handoffs</c>).</summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public enum HandoffOutcome
{
    /// <summary>The worker gave its state and runs on the new member (tag <c>handed_off</c>).</summary>
    HandedOff,

    /// <summary>The worker chose not to move (its <c>BeginHandoff</c> answered ignore; tag <c>ignored</c>).</summary>
    Ignored,

    /// <summary>The worker did not answer <c>BeginHandoff</c> in time (tag <c>timed_out</c>).</summary>
    TimedOut,

    /// <summary>The move failed; the name was restored from its spec instead (tag <c>failed</c>).</summary>
    Failed,
}
