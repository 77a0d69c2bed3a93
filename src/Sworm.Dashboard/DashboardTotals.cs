namespace Sworm.Dashboard;

/// <summary>Counts of this member's events since the dashboard was mapped.</summary>
internal sealed record DashboardTotals(int Restarts, int Failovers, int Handoffs, int Conflicts, int GaveUp, int MembersLost);
