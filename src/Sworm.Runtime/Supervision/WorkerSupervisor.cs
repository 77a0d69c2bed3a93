using System.Collections.Concurrent;
using Proto;

namespace Sworm.Supervision;

/// <summary>
/// The supervisor of a name host's workers (one per host incarnation). Workers are spawned under the Proto guardian
/// of this strategy (Proto's <c>WithGuardianSupervisorStrategy</c>), not under the host: a parent keeps its children
/// in an immutable set, and adding each of a member's hundreds of thousands of workers to the host's copied about
/// 0.9 KB of set nodes per name and kept ~70 B per name (the largest allocation of a failover, measured with
/// <c>dotnet-trace</c>). So what Proto tells a parent, this tells the host:
/// - a failed worker is stopped at once and its failure posted to the host (<see cref="WorkerFailure"/>, queued before
///   the stop, so the delegate learns why before the worker's exit); its delegate decides what comes next by the
///   sworm's restart strategy (Erlang/OTP: the supervisor restarts, never the process itself);
/// - a stopped worker's shell reports its exit (<see cref="Exited"/>, posted as <see cref="WorkerExited"/>);
/// - a host that stops stops its workers and waits for their exits (<see cref="StopAll"/>), as Proto stops a parent's
///   children before the parent.
/// Proto calls <see cref="HandleFailure"/> on the failing worker's thread, and shells exit on theirs: nothing here
/// touches the host's state.
/// </summary>
internal sealed class WorkerSupervisor(PID host, ActorSystem system) : ISupervisorStrategy
{
    // While the host stops: the workers whose exit it waits for.
    private ConcurrentDictionary<string, bool>? _awaited;
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void HandleFailure(ISupervisor supervisor, PID child, RestartStatistics rs, Exception reason, object? message)
    {
        system.Root.Send(host, new WorkerFailure(child, reason));
        supervisor.StopChildren(child);
    }

    /// <summary>From a worker's shell, once Proto stopped the worker (removed it from the process registry).</summary>
    public void Exited(PID worker)
    {
        if (Volatile.Read(ref _awaited) is not { } awaited)
        {
            system.Root.Send(host, new WorkerExited(worker));
        }
        else if (awaited.TryRemove(worker.Id, out _) && awaited.IsEmpty)
        {
            // The host stops: it no longer reads its mailbox (a dead letter each, at 100,000s of workers), and tells
            // the registry of these stops itself once all are done.
            _allExited.TrySetResult();
        }
    }

    /// <summary>Stops <paramref name="workers"/>; completes once every one has exited. Called once, by the stopping host.</summary>
    public Task StopAll(IReadOnlyCollection<PID> workers)
    {
        var awaited = new ConcurrentDictionary<string, bool>(workers.Select(worker => KeyValuePair.Create(worker.Id, true)), StringComparer.Ordinal);
        Volatile.Write(ref _awaited, awaited);
        foreach (var worker in workers)
        {
            if (system.ProcessRegistry.Get(worker) is not ActorProcess)
            {
                // Exited before the wait began (it no longer counts), or moved away: its forwarder passes the stop on.
                awaited.TryRemove(worker.Id, out _);
            }

            system.Root.Stop(worker);
        }

        if (awaited.IsEmpty)
        {
            _allExited.TrySetResult();
        }

        return _allExited.Task;
    }
}
