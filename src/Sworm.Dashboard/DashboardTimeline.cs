namespace Sworm.Dashboard;

/// <summary>The last <see cref="DashboardHistory.BucketCount"/> buckets of <paramref name="BucketSeconds"/> each, oldest first.</summary>
internal sealed record DashboardTimeline(int BucketSeconds, IReadOnlyList<DashboardBucket> Buckets);
