namespace Sworm.Dashboard;

/// <summary>Events in one time bucket starting at <paramref name="Start"/>.</summary>
internal sealed record DashboardBucket(DateTimeOffset Start, int Restarts, int Failovers, int Handoffs, int Conflicts);
