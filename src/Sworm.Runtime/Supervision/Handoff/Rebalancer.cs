using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Supervision.Placement;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// <c>RebalanceOnJoin</c> (opt-in; Swarm rebalances always): when a member that runs the sworm joins, this member moves
/// its workers whose rendezvous owner is now another member that stays (<see cref="RebalanceSelection"/>) there, with
/// their state, through the handoff move path (<see cref="WorkerMover"/>: the old delegate stops before the successor
/// is activated, so there are never two live copies), starting at most <c>RebalanceMovesPerSecond</c> moves a second.
/// It waits for the joiner's handoff store to answer first (a joiner is in the topology before its sworm actors run).
/// If this member starts leaving, no new move starts; the moves under way finish and are sealed, and the leave step
/// (which waits for them) moves the rest. Joins during a rebalance run another pass after it.
/// </summary>
internal sealed partial class Rebalancer(
    SwormSettings settings,
    Handoffs handoffs,
    SwormTopology topology,
    RegistryClient registry,
    Cluster cluster,
    ILogger logger) : IMemberStep
{
    // Members often join in bursts (several started together): let the topology settle before choosing targets.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ReadyRetry = TimeSpan.FromMilliseconds(50);

    // Short attempts, so a member that starts leaving while a joiner does not answer is not held up by the wait.
    private static readonly TimeSpan ReadyAttempt = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private bool _pending;
    private bool _running;

    public int Stage => StartStage.Rebalance;

    public string Name => "rebalance " + settings.Name + " on join";

    private CancellationToken Shutdown => cluster.System.Shutdown;

    /// <summary>Starts watching the topology for members that join.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        cluster.System.EventStream.Subscribe<ClusterTopology>(OnTopology);
        return Task.CompletedTask;
    }

    private void OnTopology(ClusterTopology change)
    {
        var self = topology.SelfId;
        if (!change.Joined.Any(m => m.Id != self && m.Kinds.Contains(topology.Kind)) || topology.IsLeaving)
        {
            return;
        }

        lock (_gate)
        {
            _pending = true;
            if (_running)
            {
                return;
            }

            _running = true;
            handoffs.Rebalancing = Task.Run(RunPasses, CancellationToken.None);
        }
    }

    private async Task RunPasses()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_pending || topology.IsLeaving || Shutdown.IsCancellationRequested)
                {
                    _running = false;
                    return;
                }

                _pending = false;
            }

            try
            {
                await Task.Delay(Settle, Shutdown).ConfigureAwait(false);
                await Rebalance().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Shutdown.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.Failed(logger, settings.Name, e);
            }
        }
    }

    private bool Stopping => topology.IsLeaving || handoffs.IsLeaving(topology.SelfId) || Shutdown.IsCancellationRequested;

    private List<string> ToMove(IEnumerable<string> names) =>
        RebalanceSelection.ToMove(names, topology.MemberIds(), topology.SelfId, handoffs.IsLeaving);

    private async Task Rebalance()
    {
        var workers = handoffs.LocalWorkers().ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        var names = ToMove(workers.Keys);
        if (names.Count == 0 || !await TargetsReady(names).ConfigureAwait(false))
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var rate = settings.Options.RebalanceMovesPerSecond;
        Log.Started(logger, settings.Name, names.Count, workers.Count, rate);
        var mover = WorkerMover.Begin(settings, handoffs, topology, registry, cluster, logger, Shutdown);
        var moves = new List<Task<bool>>(names.Count);
        var skipped = 0;
        try
        {
            foreach (var name in names)
            {
                if (Stopping)
                {
                    break;
                }

                // Paced: move i starts no earlier than i / rate seconds in (short waits are batched, timers are coarse).
                var wait = TimeSpan.FromSeconds(moves.Count / (double)rate) - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(10))
                {
                    await Task.Delay(wait, Shutdown).ConfigureAwait(false);
                }

                // Unregistered, stopped or already moved meanwhile, or its owner changed again: left where it is.
                if (!handoffs.IsLocalWorker(name, workers[name]) || ToMove([name]).Count == 0)
                {
                    skipped++;
                    continue;
                }

                moves.Add(MoveBounded(mover, name, workers[name]));
            }

            var moved = (await Task.WhenAll(moves).ConfigureAwait(false)).Count(m => m);
            using var finish = CancellationTokenSource.CreateLinkedTokenSource(Shutdown);
            finish.CancelAfter(settings.RequestTimeout * 2);
            var sealedMoves = await mover.Finish(finish.Token).ConfigureAwait(false);
            var notStarted = names.Count - moves.Count - skipped;
            if (notStarted > 0)
            {
                Log.Interrupted(logger, settings.Name, moved, notStarted);
            }

            Log.Finished(logger, settings.Name, moved, moves.Count - moved, skipped, sealedMoves.Relayed, clock.ElapsedMilliseconds);
        }
        finally
        {
            // Late senders (stale replicas, Proto's pid caches) still reach the successors through the old pids a while.
            _ = mover.Release(settings.RequestTimeout * 2);
        }
    }

    private async Task<bool> MoveBounded(WorkerMover mover, string name, NameDelegate holder)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Shutdown);
        bounded.CancelAfter(handoffs.AnswerTimeout + settings.RequestTimeout * 6);
        return await mover.Move(name, holder, bounded.Token).ConfigureAwait(false);
    }

    /// <summary>Whether every member a name goes to serves its handoff store (a joiner starts its sworm after joining).</summary>
    private async Task<bool> TargetsReady(List<string> names)
    {
        var staying = topology.Members().Where(m => !handoffs.IsLeaving(m.Id)).ToArray();
        var targets = names.Select(n => Rendezvous.First(n, staying.Select(m => m.Id))).Distinct().ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        foreach (var member in staying.Where(m => targets.Contains(m.Id)))
        {
            while (true)
            {
                try
                {
                    await cluster.System.Root.RequestAsync<HandoffStoreStatus>(handoffs.StoreAt(member.Address), new HandoffStoreStatusRequest(), ReadyAttempt).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (e is TimeoutException or DeadLetterException)
                {
                    if (deadline.Elapsed > settings.RequestTimeout * 3 || Stopping)
                    {
                        Log.TargetNotReady(logger, settings.Name, member.Address);
                        return false;
                    }

                    await Task.Delay(ReadyRetry, Shutdown).ConfigureAwait(false);
                }
            }
        }

        return true;
    }
}
