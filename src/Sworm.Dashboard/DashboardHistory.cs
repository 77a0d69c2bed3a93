namespace Sworm.Dashboard;

/// <summary>
/// Keeps what the page draws over time: this member's events counted in fixed buckets (restarts, failovers,
/// handoffs, conflicts) and totals since the dashboard was mapped. The status itself is read live from the monitor.
/// </summary>
internal sealed class DashboardHistory : IDisposable
{
    public const int BucketCount = 60;
    public const int BucketSeconds = 5;
    private const int EventsShown = 50;

    private readonly ISwormMonitor _monitor;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, int[]> _buckets = [];
    private readonly int[] _totals = new int[6];
    private readonly List<DashboardEvent> _rows = [];

    public DashboardHistory(ISwormMonitor monitor, TimeProvider time)
    {
        _monitor = monitor;
        _time = time;
        // The member keeps only its newest 256 events, which one failover fills: the page keeps its own folded rows.
        foreach (var e in monitor.RecentEvents())
        {
            DashboardEvent.Fold(_rows, e, EventsShown);
        }

        _subscription = monitor.Subscribe(Count);
    }

    public DashboardSnapshot Snapshot()
    {
        var status = _monitor.Status();
        var now = _time.GetUtcNow();
        var current = BucketOf(now);
        var buckets = new List<DashboardBucket>(BucketCount);
        int[] totals;
        DashboardEvent[] rows;
        lock (_lock)
        {
            rows = [.. Enumerable.Reverse(_rows)];
            for (var b = current - BucketCount + 1; b <= current; b++)
            {
                var c = _buckets.GetValueOrDefault(b) ?? new int[4];
                buckets.Add(new DashboardBucket(DateTimeOffset.FromUnixTimeSeconds(b * BucketSeconds), c[0], c[1], c[2], c[3]));
            }

            totals = (int[])_totals.Clone();
        }

        var sworms = status.Sworms
            .Select(s => new DashboardSworm(s.Name, s.Members, PerMember(s), s.Names))
            .ToArray();
        return new DashboardSnapshot(
            now,
            status.Member,
            status.MemberId,
            status.State,
            status.ClusterMembers,
            sworms,
            new DashboardTotals(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5]),
            new DashboardTimeline(BucketSeconds, buckets),
            rows);
    }

    public void Dispose() => _subscription.Dispose();

    // Every member that runs the sworm gets a bar, an empty one included; names still counted on a member that is gone
    // (until failover moves them) keep theirs.
    private static Dictionary<string, int> PerMember(SwormSummary sworm)
    {
        var perMember = sworm.Members.ToDictionary(m => m, _ => 0, StringComparer.Ordinal);
        foreach (var (member, names) in sworm.NamesPerMember)
        {
            perMember[member] = names;
        }

        return perMember;
    }

    private void Count(SwormEvent e)
    {
        lock (_lock)
        {
            DashboardEvent.Fold(_rows, e, EventsShown);
        }

        var kind = e switch
        {
            WorkerRestarted => 0,
            NameRestored => 1,
            NameHandedOff => 2,
            ConflictResolved => 3,
            WorkerGaveUp => 4,
            MemberRemoved => 5,
            _ => -1,
        };
        if (kind < 0)
        {
            return;
        }

        var bucket = BucketOf(e.Timestamp);
        lock (_lock)
        {
            _totals[kind]++;
            if (kind < 4)
            {
                if (!_buckets.TryGetValue(bucket, out var counts))
                {
                    counts = new int[4];
                    _buckets[bucket] = counts;
                    foreach (var old in _buckets.Keys.Where(k => k <= bucket - BucketCount).ToArray())
                    {
                        _buckets.Remove(old);
                    }
                }

                counts[kind]++;
            }
        }
    }

    private static long BucketOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / BucketSeconds;
}
