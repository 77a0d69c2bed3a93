using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>
/// One member as it sees itself and the cluster: its address and id, its <paramref name="State"/>, the addresses of
/// the cluster's members it sees (<paramref name="ClusterMembers"/>, itself included while it runs) and each sworm it runs.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record SwormStatus(
    string Member,
    string MemberId,
    SwormMemberState State,
    IReadOnlyList<string> ClusterMembers,
    IReadOnlyList<SwormSummary> Sworms);
