namespace Sworm.Dashboard;

/// <summary>
/// One event as the page shows it: when, which member published it, its kind, and a sentence; <paramref name="Count"/>
/// events of the same kind in a burst (a failover of thousands of names) are one row: the newest, and how many.
/// </summary>
internal sealed record DashboardEvent(DateTimeOffset At, string Member, string Kind, string? Sworm, string Text, int Count = 1)
{
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(2);

    /// <summary>Newest first, bursts of one kind from one member within 2 s folded into one row (even when two kinds interleave), at most <paramref name="max"/> rows.</summary>
    public static List<DashboardEvent> Fold(IEnumerable<SwormEvent> newestFirst, int max)
    {
        var rows = new List<DashboardEvent>();
        foreach (var e in newestFirst)
        {
            var row = From(e);
            // Any row of the burst, not only the last: a failover interleaves NameRestored and WorkerStarted.
            var alike = rows.FindLastIndex(r => r.Kind == row.Kind && r.Member == row.Member && r.Sworm == row.Sworm && r.At - row.At <= Burst);
            if (alike >= 0)
            {
                rows[alike] = rows[alike] with { Count = rows[alike].Count + 1 };
                continue;
            }

            if (rows.Count == max)
            {
                break;
            }

            rows.Add(row);
        }

        return rows;
    }

    public static DashboardEvent From(SwormEvent e) => new(e.Timestamp, e.Member, e.GetType().Name, e.Sworm, e switch
    {
        WorkerStarted s => s.Restore ? $"{s.Name} started again after failover as {s.Pid.Id}" : $"{s.Name} started as {s.Pid.Id}",
        WorkerRestarted r => $"{r.Name} restarted as {r.Pid.Id}",
        WorkerGaveUp g => $"{g.Name} gave up after {g.MaxRestarts} restarts in {g.Window.TotalSeconds:0.#} s; name removed",
        NameRestored n => $"{n.Name} restored from lost member {n.LostMemberId}",
        NameHandedOff h => $"{h.Name} handed off ({h.Outcome}){(h.To is null ? "" : " to " + h.To)}",
        ConflictResolved c => $"{c.Name}: conflict resolved, kept {c.Kept.Address}, stopped {c.Stopped.Address}",
        MemberJoined j => $"member {j.Address} joined",
        MemberLeft l => $"member {l.Address} left",
        MemberRemoved m => $"member {m.Address} removed: {m.Reason}",
        _ => e.ToString(),
    });
}
