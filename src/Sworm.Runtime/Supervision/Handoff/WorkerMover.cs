using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Membership;
using Sworm.Registry;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// One batch of moves of workers off this member, the move protocol of <see cref="HandoffStep"/> (read its summary):
/// per name, the delegate hands off to this batch's <see cref="MoveRelayActor"/> and stops, the successor is started
/// by the name host of the member that holds the stored state, this member's registry points the name at it; while names
/// move, moves whose names every peer already sees on their successors are sealed (the successor's gate opens), and
/// <see cref="Finish"/> seals the rest. Used by the leave step (every worker) and by <see cref="Rebalancer"/> (the
/// workers whose owner is now a member that joined). A member that stays also <see cref="Release"/>s the batch: the
/// old pids stop forwarding and the relay stops, once late senders had time to see the successors.
/// </summary>
internal sealed partial class WorkerMover
{
    private const int ConcurrentActivations = 1024;
    private const int ActivationAttempts = 3;
    private static readonly TimeSpan SealInterval = TimeSpan.FromMilliseconds(20);

    private readonly SwormSettings _settings;
    private readonly Handoffs _handoffs;
    private readonly SwormTopology _topology;
    private readonly RegistryClient _registry;
    private readonly Cluster _cluster;
    private readonly ILogger _logger;
    private readonly StrongBox<long> _sequence = new();
    private readonly SemaphoreSlim _throttle = new(ConcurrentActivations);
    private readonly TaskCompletionSource _moving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentBag<PID> _oldPids = [];
    private readonly EventStreamSubscription<object> _deadLetters;
    private readonly Task _sealer;

    private WorkerMover(SwormSettings settings, Handoffs handoffs, SwormTopology topology, RegistryClient registry, Cluster cluster, ILogger logger, CancellationToken cancellationToken)
    {
        _settings = settings;
        _handoffs = handoffs;
        _topology = topology;
        _registry = registry;
        _cluster = cluster;
        _logger = logger;
        Relay = Root.Spawn(Props.FromProducer(() => new MoveRelayActor(handoffs, settings.Name, logger)));
        handoffs.Relay = Relay;
        var relay = Relay;
        _deadLetters = cluster.System.EventStream.Subscribe<DeadLetterEvent>(e =>
        {
            // Between the worker's stop and its pid's re-registration: a message without a sender is not lost.
            if (e.Sender is null && handoffs.IsMoved(e.Pid))
            {
                Root.Send(relay, new RelayDirect(e.Pid.Id, new MessageEnvelope(e.Message, null, e.Header)));
            }
        });
        _sealer = SealWhileMoving(cancellationToken);
    }

    /// <summary>This batch's relay: the old pids' messages go there and on to the successors.</summary>
    public PID Relay { get; }

    private IRootContext Root => _cluster.System.Root;

    /// <summary>Starts a batch: spawns its relay and starts sealing moves as the peers see them.</summary>
    public static WorkerMover Begin(SwormSettings settings, Handoffs handoffs, SwormTopology topology, RegistryClient registry, Cluster cluster, ILogger logger, CancellationToken cancellationToken) =>
        new(settings, handoffs, topology, registry, cluster, logger, cancellationToken);

    /// <summary>One name: its delegate hands off and stops, then its successor is started and the relay told where it is.</summary>
    /// <returns>Whether a successor runs.</returns>
    public async Task<bool> Move(string name, NameDelegate holder, CancellationToken cancellationToken)
    {
        WorkerHandedOff handedOff;
        try
        {
            handedOff = await Root.RequestAsync<WorkerHandedOff>(_handoffs.Hosts.Local!, new HandOffWorker(name, Relay), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
        {
            _handoffs.Released(name, holder);
            Log.MoveFailed(_logger, _settings.Name, name, e.GetType().Name);
            return false;
        }

        if (!handedOff.Moved)
        {
            _handoffs.Released(name, holder);
            return false;
        }

        var oldPid = handedOff.OldPid!;
        _oldPids.Add(oldPid);
        PID? successor = null;
        await _throttle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            successor = await Activate(name, handedOff, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _throttle.Release();
        }

        Root.Send(Relay, new RelayTarget(oldPid.Id, name, successor));
        try
        {
            var published = successor is null
                ? await _registry.Unpublish(Root, name, oldPid).ConfigureAwait(false)
                : await _registry.PointMoved(Root, name, oldPid, successor).ConfigureAwait(false);
            Root.Send(Relay, new RelayPointed(oldPid.Id, published.Sequence));
            InterlockedMax(_sequence, published.Sequence);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.MoveFailed(_logger, _settings.Name, name, e.GetType().Name);
        }

        return successor is not null;
    }

    /// <summary>
    /// Starts the successor on the member its state was stored on (else the name's owner among the members that stay),
    /// through that member's name host. A loaded member may not answer within a request timeout, so a failed attempt is
    /// repeated (up to <see cref="ActivationAttempts"/>): one delegate per name there, so a late first attempt makes the
    /// next one answer <c>AlreadyStarted</c> with its pid, and the stored state waits in the store until one of them takes it.
    /// A member that answers it is leaving too is noted as such and the next member that stays is asked.
    /// </summary>
    private async Task<PID?> Activate(string name, WorkerHandedOff handedOff, CancellationToken cancellationToken)
    {
        var register = new RegisterSupervised(handedOff.Spec!, Handoff: new HandoffArrival(handedOff.StoredAt, handedOff.Groups));
        var reason = "no answer";
        var atStore = handedOff.StoredAt is not null;
        var refusals = 0;
        for (var attempt = 1; attempt <= ActivationAttempts; attempt++)
        {
            try
            {
                using var bounded = new CancellationTokenSource(_settings.RequestTimeout);
                var target = atStore ? handedOff.StoredAt : _handoffs.SuccessorAddress(name);
                if (target is null)
                {
                    reason = "no member that stays runs the sworm";
                    break;
                }

                var reply = await _handoffs.Hosts.AskAt(target, name, register, bounded.Token).ConfigureAwait(false);
                if (reply?.Outcome is DelegateOutcome.Started or DelegateOutcome.AlreadyStarted)
                {
                    return reply.Pid;
                }

                if (reply is { Outcome: DelegateOutcome.Leaving, Source: { } leaving })
                {
                    // It leaves too (it began after this member chose it): place the successor on one that stays; it
                    // takes the state from the store it waits in.
                    _handoffs.NoteLeaving(leaving);
                    atStore = false;
                    reason = "every member asked is leaving";
                    if (++refusals <= _handoffs.Members().Length)
                    {
                        attempt--; // not a failed attempt: at most once per member, each noted as leaving now
                    }

                    continue;
                }

                reason = reply?.Reason ?? reply?.Outcome.ToString() ?? "no answer";
                if (reply is not null)
                {
                    break; // the successor's delegate answered: it failed to start (its constructor or Started threw)
                }
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
            {
                reason = e.GetType().Name;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        Log.SuccessorFailed(_logger, _settings.Name, name, reason);
        return null;
    }

    /// <summary>After the batch's last move: waits for every peer's replica, then seals every move.</summary>
    /// <exception cref="TimeoutException">The relay did not answer in time.</exception>
    public async Task<MovesSealed> Finish(CancellationToken cancellationToken)
    {
        _moving.TrySetResult();
        await _sealer.ConfigureAwait(false);
        await AwaitReplicas(Interlocked.Read(ref _sequence.Value), cancellationToken).ConfigureAwait(false);
        return await Root.RequestAsync<MovesSealed>(Relay, new SealMoves(long.MaxValue, All: true), _settings.RequestTimeout).ConfigureAwait(false);
    }

    /// <summary>Stops relaying dead letters (a leaving member keeps its relay and forwarding pids until it stops).</summary>
    public void Close()
    {
        _moving.TrySetResult();
        _deadLetters.Unsubscribe();
    }

    /// <summary>
    /// On a member that stays, once late senders had <paramref name="linger"/> to see the successors: the old pids stop
    /// forwarding (a message to one is a dead letter, like to any stopped worker) and the relay stops.
    /// </summary>
    public async Task Release(TimeSpan linger)
    {
        await Task.Delay(linger).ConfigureAwait(false);
        Close();
        var processes = _cluster.System.ProcessRegistry;
        foreach (var oldPid in _oldPids)
        {
            if (processes.Get(oldPid) is ForwardingProcess)
            {
                processes.Remove(oldPid);
            }

            _handoffs.Forget(oldPid);
        }

        Root.Stop(Relay);
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
        bounded.CancelAfter(_settings.RequestTimeout);
        await Task.WhenAll(_topology.Peers().Select(async peer =>
        {
            try
            {
                await _registry.AwaitApplied(Root, peer.Address, _topology.SelfId, sequence, bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException or OperationCanceledException)
            {
                Log.BarrierFailed(_logger, _settings.Name, peer.Address);
            }
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// While names are still moving, seals the moves whose names every peer already sees on their successors, so a
    /// successor's gate does not wait for the whole batch (thousands of moves) to finish.
    /// </summary>
    private async Task SealWhileMoving(CancellationToken cancellationToken)
    {
        long sealedUpTo = 0;
        var moving = _moving.Task;
        while (!moving.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAny(moving, Task.Delay(SealInterval, CancellationToken.None)).ConfigureAwait(false);
            var upTo = Interlocked.Read(ref _sequence.Value);
            if (moving.IsCompleted || upTo <= sealedUpTo)
            {
                continue;
            }

            await AwaitReplicas(upTo, cancellationToken).ConfigureAwait(false);
            try
            {
                await Root.RequestAsync<MovesSealed>(Relay, new SealMoves(upTo), _settings.RequestTimeout).ConfigureAwait(false);
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
