namespace Sworm.Dashboard;

/// <summary>One event as the page shows it: when, which member published it, its kind, and a sentence.</summary>
internal sealed record DashboardEvent(DateTimeOffset At, string Member, string Kind, string? Sworm, string Text)
{
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
