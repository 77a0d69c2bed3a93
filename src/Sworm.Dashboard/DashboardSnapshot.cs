namespace Sworm.Dashboard;

/// <summary>What <c>{pattern}/api/status</c> returns (docs/dashboard.md describes each field).</summary>
internal sealed record DashboardSnapshot(
    DateTimeOffset Now,
    string Member,
    string MemberId,
    SwormMemberState State,
    IReadOnlyList<string> ClusterMembers,
    IReadOnlyList<DashboardSworm> Sworms,
    DashboardTotals Totals,
    DashboardTimeline Timeline,
    IReadOnlyList<DashboardEvent> Events);
