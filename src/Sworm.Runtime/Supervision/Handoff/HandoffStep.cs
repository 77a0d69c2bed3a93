using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
/// Design. A name's delegate is Proto's activation of the name and its worker is the delegate's child, and Proto
/// cannot move an activation: the old delegate must stop before a new one can start elsewhere. So a move is:
/// 1. tell every peer this member is leaving (acknowledged): the sworm's member strategy
///    (<see cref="HandoffMemberStrategy"/>) then places new activations on the rendezvous-first member that stays;
/// 2. per name, in its delegate (one at a time per name): <c>BeginHandoff</c> → <c>Reply</c>/<c>Ignore</c>/timeout; the
///    state is stored in the handoff store of the successor's member and acknowledged; this member's registry keeps the
///    name on the old pid; the old pid is redirected to the move relay (everything received after the reply is kept in
///    order); the delegate stops (and the worker with it);
/// 3. this step asks for the name's activation again: Proto starts the successor on the chosen member, which takes the
///    state and sends <c>EndHandoff</c> as the worker's first message; its gate holds messages sent straight to it;
/// 4. the relay forwards the old pid's messages to the successor; this member's registry points the name at the
///    successor (never removes it: no replica ever sees it vanish; the successor's member publishes it too);
/// 5. once every peer's replica has applied that (a barrier per peer), the relay seals each move: the successor's gate
///    lets the direct messages run, after the relayed ones, so each sender's order holds.
/// Names that land on this member meanwhile (another leaver's successor, or a successor placed here by a member that
/// joined after the announcement and so did not know this member leaves) are moved in a later pass, after this member
/// has announced its leave to every member it did not reach before. Everything is bounded:
/// a worker that never answers costs <c>HandoffTimeoutMs</c>, a stuck one is left behind (it restarts clean elsewhere).
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
    private const int ConcurrentActivations = 1024;
    private static readonly TimeSpan SealInterval = TimeSpan.FromMilliseconds(20);

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
            await RelayAndMoveAll(announced, deadline.Token, clock).ConfigureAwait(false);
        }
        finally
        {
            joins.Unsubscribe();
        }
    }

    private async Task RelayAndMoveAll(ConcurrentDictionary<string, byte> announced, CancellationToken cancellationToken, Stopwatch clock)
    {
        if (handoffs.LocalWorkers().Length == 0)
        {
            return;
        }

        var relay = Root.Spawn(Props.FromProducer(() => new MoveRelayActor(handoffs, settings.Name, logger)));
        handoffs.Relay = relay;
        var deadLetters = cluster.System.EventStream.Subscribe<DeadLetterEvent>(e =>
        {
            // Between the worker's stop and its pid's re-registration: a message without a sender is not lost.
            if (e.Sender is null && handoffs.IsMoved(e.Pid))
            {
                Root.Send(relay, new RelayDirect(e.Pid.Id, new MessageEnvelope(e.Message, null, e.Header)));
            }
        });

        try
        {
            await MoveAll(relay, announced, cancellationToken, clock).ConfigureAwait(false);
        }
        finally
        {
            deadLetters.Unsubscribe();
        }
    }

    private async Task MoveAll(PID relay, ConcurrentDictionary<string, byte> announced, CancellationToken cancellationToken, Stopwatch clock)
    {
        var sequence = new StrongBox<long>();
        var moved = 0;
        var throttle = new SemaphoreSlim(ConcurrentActivations);
        var moving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sealer = SealWhileMoving(relay, sequence, moving.Task, cancellationToken);
        try
        {
            for (var pass = 0; pass < Passes && !cancellationToken.IsCancellationRequested; pass++)
            {
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

                var results = await Task.WhenAll(workers.Select(w => Move(w.Key, w.Value, relay, throttle, sequence, cancellationToken))).ConfigureAwait(false);
                moved += results.Count(r => r);
            }
        }
        finally
        {
            moving.TrySetResult();
        }

        if (handoffs.LocalWorkers().Length is var left and > 0)
        {
            Log.LeftBehind(logger, settings.Name, left);
        }

        await sealer.ConfigureAwait(false);
        await AwaitReplicas(Interlocked.Read(ref sequence.Value), cancellationToken).ConfigureAwait(false);
        var sealedMoves = await Root.RequestAsync<MovesSealed>(relay, new SealMoves(long.MaxValue, All: true), settings.RequestTimeout).ConfigureAwait(false);
        Log.HandedOff(logger, settings.Name, moved, sealedMoves.Relayed, sealedMoves.Dropped, clock.ElapsedMilliseconds);
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

    /// <summary>One name: its delegate hands off and stops, then its successor is started and the relay told where it is.</summary>
    private async Task<bool> Move(string name, PID delegatePid, PID relay, SemaphoreSlim throttle, StrongBox<long> sequence, CancellationToken cancellationToken)
    {
        WorkerHandedOff handedOff;
        try
        {
            handedOff = await Root.RequestAsync<WorkerHandedOff>(delegatePid, new HandOffWorker(relay), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
        {
            handoffs.DelegateStopped(name, delegatePid);
            Log.MoveFailed(logger, settings.Name, name, e.GetType().Name);
            return false;
        }

        if (!handedOff.Moved)
        {
            handoffs.DelegateStopped(name, delegatePid);
            return false;
        }

        var oldPid = handedOff.OldPid!;
        PID? successor = null;
        await throttle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            using var bounded = new CancellationTokenSource(settings.RequestTimeout);
            var reply = await cluster.RequestAsync<DelegateReply>(name, settings.Kind,
                new RegisterSupervised(handedOff.Spec!, Handoff: new HandoffArrival(handedOff.StoredAt, handedOff.Groups)), bounded.Token).ConfigureAwait(false);
            successor = reply?.Outcome is DelegateOutcome.Started or DelegateOutcome.AlreadyStarted ? reply.Pid : null;
            if (successor is null)
            {
                Log.SuccessorFailed(logger, settings.Name, name, reply?.Reason ?? reply?.Outcome.ToString() ?? "no answer");
            }
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
        {
            Log.SuccessorFailed(logger, settings.Name, name, e.GetType().Name);
        }
        finally
        {
            throttle.Release();
        }

        Root.Send(relay, new RelayTarget(oldPid.Id, name, successor));
        try
        {
            var published = successor is null
                ? await registry.Unpublish(Root, name, oldPid).ConfigureAwait(false)
                : await registry.PointMoved(Root, name, oldPid, successor).ConfigureAwait(false);
            Root.Send(relay, new RelayPointed(oldPid.Id, published.Sequence));
            InterlockedMax(sequence, published.Sequence);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.MoveFailed(logger, settings.Name, name, e.GetType().Name);
        }

        return successor is not null;
    }

    /// <summary>
    /// Waits until every peer's replica shows the moved names on their successors: a sender whose replica still shows an
    /// old pid sends there, and what it sent must reach the relay before the successor's gate opens.
    /// </summary>
    private async Task AwaitReplicas(long sequence, CancellationToken cancellationToken)
    {
        if (sequence == 0)
        {
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(settings.RequestTimeout);
        await Task.WhenAll(topology.Peers().Select(async peer =>
        {
            try
            {
                await registry.AwaitApplied(Root, peer.Address, topology.SelfId, sequence, bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
            {
                Log.BarrierFailed(logger, settings.Name, peer.Address);
            }
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// While names are still moving, seals the moves whose names every peer already sees on their successors, so a
    /// successor's gate does not wait for the whole batch (thousands of moves) to finish.
    /// </summary>
    private async Task SealWhileMoving(PID relay, StrongBox<long> sequence, Task moving, CancellationToken cancellationToken)
    {
        long sealedUpTo = 0;
        while (!moving.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAny(moving, Task.Delay(SealInterval, CancellationToken.None)).ConfigureAwait(false);
            var upTo = Interlocked.Read(ref sequence.Value);
            if (moving.IsCompleted || upTo <= sealedUpTo)
            {
                continue;
            }

            await AwaitReplicas(upTo, cancellationToken).ConfigureAwait(false);
            try
            {
                await Root.RequestAsync<MovesSealed>(relay, new SealMoves(upTo), settings.RequestTimeout).ConfigureAwait(false);
                sealedUpTo = upTo;
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                // The last seal (after every move) covers these.
            }
        }
    }

    private static void InterlockedMax(StrongBox<long> box, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref box.Value)) < value && Interlocked.CompareExchange(ref box.Value, value, current) != current)
        {
        }
    }
}
