using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;

namespace Sworm.Membership;

/// <summary>
/// Healing a partition (the I/O side of <see cref="MembershipState"/>'s partition rules): every second, TCP-probe the
/// members removed by heartbeat expiration (a probe is not Proto traffic, so it cannot carry block lists across);
/// once one has been listening for <see cref="StableLink"/>, decide with <see cref="MergeRule"/>. The losing side's
/// members rejoin the winners under new identities; the winners do nothing.
/// </summary>
internal sealed partial class MembershipActor
{
    /// <summary>How often a lost member's port is probed.</summary>
    internal static readonly TimeSpan LostProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long the link must stay up before the sides merge: a flapping link never triggers a merge.</summary>
    internal static readonly TimeSpan StableLink = TimeSpan.FromSeconds(2);

    private string _announcedWin = "";

    private void WatchLost(IContext context)
    {
        state.PruneLost();
        foreach (var lost in state.LostToProbe(LostProbeInterval))
        {
            var probe = TcpProbe.ProbeAsync(lost.Info.Host, lost.Info.Port, options.FailureDetection.ProbeTimeout);
            context.ReenterAfter(probe, task =>
            {
                state.LostProbeEnded(lost, task.Result);
                return Task.CompletedTask;
            });
        }

        if (_declaredDead || state.DecideMerge(StableLink) is not { } outcome)
        {
            return;
        }

        var mine = string.Join(", ", outcome.Mine.Select(m => m.Address).Order(StringComparer.Ordinal));
        var theirs = string.Join(", ", outcome.Theirs.Select(m => m.Address).Order(StringComparer.Ordinal));
        if (!outcome.MySideLoses)
        {
            var key = mine + "|" + theirs;
            if (key != _announcedWin)
            {
                _announcedWin = key;
                HealLog.SideWins(logger, state.Self.Id, mine, theirs);
            }

            return;
        }

        HealLog.SideLoses(logger, state.Self.Id, mine, theirs);

        // Every member of this side is about to rejoin, and their new incarnations reuse these addresses. This old
        // incarnation must send nothing more to them (its graceful shutdown would gossip to its topology, and the
        // connect handshake would hand its block list, which names the winners, to a new incarnation): it leaves
        // alone, its topology just itself, its view empty, no leave notices.
        state.DropAllPeers("its side lost the merge after a partition and rejoins");
        Publish();
        ShutDownSelf($"the partition healed and this side ({mine}) rejoins the other ({theirs})", outcome.Theirs.Select(m => m.Address).ToArray());
    }

    private static partial class HealLog
    {
        [LoggerMessage(EventId = SwormEventIds.Membership + 60, Level = LogLevel.Information, Message = "Member {Id}: the partition healed; this side ({Mine}) stays, the other side ({Theirs}) rejoins it")]
        public static partial void SideWins(ILogger logger, string id, string mine, string theirs);

        [LoggerMessage(EventId = SwormEventIds.Membership + 61, Level = LogLevel.Warning, Message = "Member {Id}: the partition healed; this side ({Mine}) rejoins the other side ({Theirs}) under new identities")]
        public static partial void SideLoses(ILogger logger, string id, string mine, string theirs);
    }
}
