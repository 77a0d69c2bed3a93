using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Registry;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// Read first in this folder: the leave step that moves every worker of a handoff sworm off a leaving member, while it
/// is still a full member (before the spec hand-over and Proto's shutdown).
///
/// Design. A name's worker is supervised by its delegate, and a delegate cannot move: the old delegate must stop before a new
/// one can start elsewhere. So a move is:
/// 1. tell every peer this member is leaving (acknowledged): their name hosts then place new names on the
///    rendezvous-first member that stays (<see cref="Placement.NameHosts"/>);
/// 2. per name, in its delegate (one at a time per name): <c>BeginHandoff</c> → <c>Reply</c>/<c>Ignore</c>/timeout; the
///    state is stored in the handoff store of the successor's member and acknowledged; this member's registry keeps the
///    name on the old pid; the old pid is redirected to the move relay (everything received after the reply is kept in
///    order); the delegate stops (and the worker with it);
/// 3. this step asks the chosen member's name host for the name: it starts the successor, which takes the
///    state and sends <c>EndHandoff</c> as the worker's first message; its gate holds messages sent straight to it;
/// 4. the relay forwards the old pid's messages to the successor; this member's registry points the name at the
///    successor (never removes it: no replica ever sees it vanish; the successor's member publishes it too);
/// 5. once every peer's replica has applied that (a barrier per peer), the relay seals each move: the successor's gate
///    lets the direct messages run, after the relayed ones, so each sender's order holds.
/// Once it leaves, this member's store and name hosts refuse new successors (the asker notes the leave and places them
/// on a member that stays: another leaver that had not heard of this leave yet, or a member that joined since); those
/// already on their way (their state stored here before) are waited for, and moved in a later pass with any others
/// that landed here, after this member has announced its leave to every member it did not reach before. Everything is bounded:
/// a worker that never answers costs <c>HandoffTimeoutMs</c>, a stuck one is left behind (it restarts clean elsewhere).
/// Steps 2 to 5 are <see cref="WorkerMover"/>, shared with <see cref="Rebalancer"/> (moves to a member that joins); a
/// rebalance running when the leave starts stops taking new names and is waited for here, so one relay owns each name.
/// </summary>
internal sealed partial class HandoffStep(
    SwormSettings settings,
    Handoffs handoffs,
    SwormTopology topology,
    RegistryClient registry,
    Cluster cluster,
    ILogger logger) : IMemberStep
{
    private const int Passes = 5;
    private static readonly TimeSpan ArrivalPoll = TimeSpan.FromMilliseconds(10);

    public int Stage => LeaveStage.Handoff;

    public string Name => "hand off the workers of " + settings.Name;

    private IRootContext Root => cluster.System.Root;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!handoffs.Enabled || handoffs.LocalStore is null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(handoffs.AnswerTimeout + settings.RequestTimeout * 2);

        // Even with nothing to move: peers must not place another leaver's successors here. A member that joins
        // during the leave is told at once: it did not hear the first announcement, and without it, it would place
        // successors here and take a moving name's two publications for a conflict.
        var announced = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        await AnnounceLeaving(announced, deadline.Token).ConfigureAwait(false);
        var joins = cluster.System.EventStream.Subscribe<ClusterTopology>(topologyChange =>
        {
            if (topologyChange.Joined.Count > 0)
            {
                _ = AnnounceLeaving(announced, deadline.Token);
            }
        });
        try
        {
            await handoffs.Rebalancing.WaitAsync(deadline.Token).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await MoveAll(announced, deadline.Token, clock).ConfigureAwait(false);
        }
        finally
        {
            joins.Unsubscribe();
        }
    }

    private async Task MoveAll(ConcurrentDictionary<string, byte> announced, CancellationToken cancellationToken, Stopwatch clock)
    {
        // At most a request timeout in all: a state whose successor never comes (its leaver died mid-move) must not
        // use up the leave's deadline, which the moves need.
        var settleUntil = clock.Elapsed + settings.RequestTimeout;
        await ArrivalsSettled(clock, settleUntil, cancellationToken).ConfigureAwait(false);
        if (handoffs.LocalWorkers().Length == 0)
        {
            return;
        }

        var mover = WorkerMover.Begin(settings, handoffs, topology, registry, cluster, logger, cancellationToken);
        try
        {
            var moved = 0;
            for (var pass = 0; pass < Passes && !cancellationToken.IsCancellationRequested; pass++)
            {
                if (pass > 0)
                {
                    await ArrivalsSettled(clock, settleUntil, cancellationToken).ConfigureAwait(false);
                }

                var workers = handoffs.LocalWorkers();
                if (workers.Length == 0)
                {
                    break;
                }

                if (pass > 0)
                {
                    // Successors landed here: a member that joined since the last announcement placed them.
                    await AnnounceLeaving(announced, cancellationToken).ConfigureAwait(false);
                }

                var results = await Task.WhenAll(workers.Select(w => mover.Move(w.Key, w.Value, cancellationToken))).ConfigureAwait(false);
                moved += results.Count(r => r);
            }

            if (handoffs.LocalWorkers().Length is var left and > 0)
            {
                Log.LeftBehind(logger, settings.Name, left);
            }

            var sealedMoves = await mover.Finish(cancellationToken).ConfigureAwait(false);
            Log.HandedOff(logger, settings.Name, moved, sealedMoves.Relayed, sealedMoves.Dropped, clock.ElapsedMilliseconds);
        }
        finally
        {
            mover.Close();
        }
    }

    /// <summary>
    /// Waits (until <paramref name="until"/> on <paramref name="clock"/>) until no successor is on its way here: none
    /// starting now, and no state in this member's store still waiting for its successor. A member that chose this one before it heard of the leave
    /// (two members leaving at once) may have stored a state here and be about to start its successor here; once this
    /// member leaves, its store and name hosts take no new ones (<see cref="Handoffs.BeginArrival"/>), so this ends.
    /// Checked in this order because an arrival is counted before it takes its state, and is a local worker before it
    /// stops being counted.
    /// </summary>
    private async Task ArrivalsSettled(Stopwatch clock, TimeSpan until, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && clock.Elapsed < until)
        {
            try
            {
                var store = await Root.RequestAsync<HandoffStoreStatus>(handoffs.LocalStore!, new HandoffStoreStatusRequest(), cancellationToken).ConfigureAwait(false);
                if (store.Awaited == 0 && handoffs.Arriving == 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
            {
                return;
            }

            await Task.Delay(ArrivalPoll, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Tells every peer not told yet (<paramref name="announced"/>: member ids) that this member leaves, acknowledged.</summary>
    private async Task AnnounceLeaving(ConcurrentDictionary<string, byte> announced, CancellationToken cancellationToken)
    {
        handoffs.NoteLeaving(topology.SelfId);
        await Task.WhenAll(topology.Peers().Where(p => !announced.ContainsKey(p.Id)).Select(async peer =>
        {
            try
            {
                await Root.RequestAsync<MemberLeavingNoted>(handoffs.StoreAt(peer.Address), new MemberLeaving(topology.SelfId), cancellationToken).ConfigureAwait(false);
                announced.TryAdd(peer.Id, 0);
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException or ObjectDisposedException)
            {
                Log.AnnounceFailed(logger, settings.Name, peer.Address);
            }
        })).ConfigureAwait(false);
    }
}
