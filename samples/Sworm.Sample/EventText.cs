using Sworm;

namespace Sworm.Sample;

/// <summary>One line per Sworm event, for the console.</summary>
internal static class EventText
{
    public static string Of(SwormEvent e) => e switch
    {
        WorkerRestarted r => $"{r.Name} restarted",
        WorkerGaveUp g => $"{g.Name} gave up",
        NameRestored n => $"{n.Name} restored (failover)",
        NameHandedOff h => $"{h.Name} handed off: {h.Outcome}",
        ConflictResolved c => $"{c.Name} conflict resolved",
        MemberJoined j => $"member {j.Address} joined",
        MemberLeft l => $"member {l.Address} left",
        MemberRemoved m => $"member {m.Address} removed ({m.Reason})",
        WorkerStarted s => $"{s.Name} started",
        _ => e.GetType().Name,
    };
}
