namespace Sworm.Dashboard;

/// <summary>
/// One event as the page shows it: when, which member published it, its kind, and a sentence; <paramref name="Count"/>
/// events of the same kind in a burst (a failover of thousands of names) are one row: the newest, and how many.
/// </summary>
internal sealed record DashboardEvent(DateTimeOffset At, string Member, string Kind, string? Sworm, string Text, int Count = 1)
{
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Adds <paramref name="e"/> to <paramref name="rows"/> (oldest first, at most <paramref name="max"/>): a burst of one
    /// kind from one member within 2 s is one row with a count, even while other kinds interleave with it (a failover
    /// publishes NameRestored and WorkerStarted by turns), so a burst never pushes the membership events out.
    /// </summary>
    public static void Fold(List<DashboardEvent> rows, SwormEvent e, int max)
    {
        var row = From(e);
        // Membership events are few and each one matters: never folded.
        var alike = row.Sworm is null ? -1 : rows.FindLastIndex(r => r.Kind == row.Kind && r.Member == row.Member && r.Sworm == row.Sworm && (row.At - r.At).Duration() <= Burst);
        if (alike >= 0)
        {
            rows[alike] = row with { Count = rows[alike].Count + 1 };
            return;
        }

        rows.Add(row);
        if (rows.Count > max)
        {
            rows.RemoveAt(0);
        }
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
