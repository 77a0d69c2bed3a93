using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Membership;
using Sworm.Registry;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// The conflicts a healed partition resolves by a rejoin. The side that loses the merge rule rejoins as a new
/// incarnation, and its old workers die with the old one; the names they shared with the winning side keep the
/// winners' copies. So that those winners still receive the losers' states (API.md §5, last paragraph), the old
/// incarnation captures every handoff worker's state (<see cref="CaptureConflictState"/>, the <c>BeginHandoff</c>
/// exchange, bounded by <c>HandoffTimeoutMs</c>) before it stops, and the new incarnation, once it holds the
/// cluster's registry, delivers each state to the copy of the name that runs on another member as <c>ResolveConflict</c>.
/// A name that ran only on the losing side is restored from its carried spec and starts clean.
/// </summary>
internal static partial class ConflictCarry
{
    /// <summary>The states of this incarnation's handoff workers (empty when the sworm has no handoff).</summary>
    public static async Task<ConflictStateCaptured[]> Capture(IRootContext root, Handoffs handoffs, ILogger logger)
    {
        if (!handoffs.Enabled)
        {
            return [];
        }

        // All at once: each delegate waits HandoffTimeoutMs for its worker at most (the extra second is for its
        // mailbox), so the rejoin waits that long at most, however many workers there are.
        var timeout = handoffs.AnswerTimeout + TimeSpan.FromSeconds(1);
        var host = handoffs.Hosts.Local!;
        var captured = await Task.WhenAll(handoffs.LocalWorkers().Select(async worker =>
        {
            try
            {
                return await root.RequestAsync<ConflictStateCaptured>(host, new CaptureConflictState(worker.Key), timeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Log.NotCaptured(logger, worker.Key, e.GetType().Name);
                return null;
            }
        })).ConfigureAwait(false);
        return captured.OfType<ConflictStateCaptured>().Where(c => c.Json is not null).ToArray();
    }

    /// <summary>
    /// Delivers each carried state to the copy of its name that another member runs, each call bounded by the request
    /// timeout. The targets are read from the registry when called (before this incarnation restores carried specs), so a
    /// name restored here later is never handed its own old state.
    /// </summary>
    public static Task Deliver(IRootContext root, RegistryReplica replica, SwormTopology topology, SwormSettings settings, ConflictStateCaptured[] states, ILogger logger)
    {
        var targets = new List<(ConflictStateCaptured State, PID Winner)>();
        foreach (var state in states)
        {
            if (replica.EntryOf(state.Name) is { IsClaim: false } entry && entry.Source != topology.SelfId)
            {
                targets.Add((state, entry.Pid));
            }
            else
            {
                Log.NoWinner(logger, settings.Name, state.Name);
            }
        }

        // All at once, each bounded by the request timeout.
        return Task.WhenAll(targets.Select(async target =>
        {
            var (state, winner) = target;
            try
            {
                var delivered = await root.RequestAsync<ConflictStateDelivered>(winner, new DeliverConflictState(state.Name, state.Json!), settings.RequestTimeout).ConfigureAwait(false);
                Log.Delivered(logger, settings.Name, state.Name, winner.ToString(), delivered.Failure ?? "handled");
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Log.NotDelivered(logger, settings.Name, state.Name, winner.ToString(), e.GetType().Name);
            }
        }));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Handoff + 46, Level = LogLevel.Warning, Message = "Rejoin: the delegate of '{Name}' did not give its worker's state before the old incarnation stopped ({Reason}); the winner gets no ResolveConflict")]
        public static partial void NotCaptured(ILogger logger, string name, string reason);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 47, Level = LogLevel.Information, Message = "Sworm {Sworm}: '{Name}' ran only on this side of the healed partition; it is restored from its spec and starts clean (no ResolveConflict)")]
        public static partial void NoWinner(ILogger logger, string sworm, string name);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 48, Level = LogLevel.Information, Message = "Sworm {Sworm}: the old incarnation's state of '{Name}' was delivered to the winner {Winner} as ResolveConflict ({Outcome})")]
        public static partial void Delivered(ILogger logger, string sworm, string name, string winner, string outcome);

        [LoggerMessage(EventId = SwormEventIds.Handoff + 49, Level = LogLevel.Error, Message = "Sworm {Sworm}: the old incarnation's state of '{Name}' did not reach the winner {Winner} ({Reason}); the winner gets no ResolveConflict")]
        public static partial void NotDelivered(ILogger logger, string sworm, string name, string winner, string reason);
    }
}
