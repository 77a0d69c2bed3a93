using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>Where a member is in its life, as <see cref="ISwormMonitor"/> and the health check report it.</summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public enum SwormMemberState
{
    /// <summary>The host has not started the member yet.</summary>
    NotStarted,

    /// <summary>The member is joining the cluster and syncing its registry.</summary>
    Starting,

    /// <summary>The member serves calls.</summary>
    Running,

    /// <summary>The member is leaving gracefully (its host is stopping).</summary>
    Leaving,

    /// <summary>The member left the cluster.</summary>
    Stopped,

    /// <summary>The other members removed this one from the cluster (it was silent, or blocked) and it cannot rejoin by itself.</summary>
    Removed,

    /// <summary>The other members removed this one (it was frozen or cut off); it rejoins under a new identity, and serves again when it has.</summary>
    Rejoining,
}
