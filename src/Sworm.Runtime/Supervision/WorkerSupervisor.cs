using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Diagnostics;

namespace Sworm.Supervision;

/// <summary>
/// The supervisor of a name host's workers (one per host incarnation). Workers are spawned under the Proto guardian
/// of this strategy (Proto's <c>WithGuardianSupervisorStrategy</c>), not under the host: a parent keeps its children
/// in an immutable set, and adding each of a member's hundreds of thousands of workers to the host's copied about
/// 0.9 KB of set nodes per name and kept ~70 B per name (the largest allocation of a failover, measured with
/// <c>dotnet-trace</c>). So what Proto tells a parent, this tells the host:
/// - a failed worker's failure is recorded here, synchronously, before the worker is stopped: whoever handles its
///   stop (its delegate, by the sworm's restart strategy; Erlang/OTP: the supervisor restarts, never the process
///   itself) finds it with <see cref="TakeFailure"/>, even when it sees the worker gone before its exit message came;
/// - a stopped worker's shell reports its exit (<see cref="Exited"/>, posted as <see cref="WorkerExited"/>);
/// - a host that stops stops its workers and waits until every live one has exited (<see cref="StopAll"/>), as Proto
///   stops a parent's children before the parent.
/// Proto calls <see cref="HandleFailure"/> on the failing worker's thread, and shells exit on theirs: nothing here
/// touches the host's state.
/// </summary>
internal sealed partial class WorkerSupervisor(PID host, ActorSystem system, string sworm, ILogger logger) : ISupervisorStrategy
{
    private readonly ConcurrentDictionary<string, Exception> _failures = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _live;
    private int _stopping;

    public void HandleFailure(ISupervisor supervisor, PID child, RestartStatistics rs, Exception reason, object? message)
    {
        _failures[child.Id] = reason;
        supervisor.StopChildren(child);
    }

    /// <summary>The failure of <paramref name="worker"/>, if it failed, forgotten here from now on.</summary>
    public Exception? TakeFailure(PID worker) => _failures.TryRemove(worker.Id, out var failure) ? failure : null;

    /// <summary>A worker is about to be spawned (counted live until it exits; <see cref="NotSpawned"/> if the spawn throws).</summary>
    public void Spawning() => Interlocked.Increment(ref _live);

    /// <summary>The spawn announced by <see cref="Spawning"/> threw: no worker runs.</summary>
    public void NotSpawned() => Exited(null);

    /// <summary>From a worker's shell, once Proto stopped the worker (removed it from the process registry, ran its <c>Stopped</c>).</summary>
    public void Exited(PID? worker)
    {
        if (worker is not null && Volatile.Read(ref _stopping) == 0)
        {
            system.Root.Send(host, new WorkerExited(worker));
        }

        // While the host stops it reads no more messages (a dead letter each, at 100,000s of workers): it tells the
        // registry of these stops itself once all are done.
        if (Interlocked.Decrement(ref _live) == 0 && Volatile.Read(ref _stopping) == 1)
        {
            _allExited.TrySetResult();
        }
    }

    /// <summary>The shell could not dispose the application's actor: logged, and the stop goes on.</summary>
    public void DisposeFailed(PID? worker, Exception exception) => Log.DisposeFailed(logger, sworm, worker?.ToString() ?? "(not started)", exception);

    /// <summary>Stops <paramref name="workers"/>; completes once every live worker has exited. Called once, by the stopping host.</summary>
    public Task StopAll(IEnumerable<PID> workers)
    {
        Interlocked.Exchange(ref _stopping, 1);
        foreach (var worker in workers)
        {
            system.Root.Stop(worker); // a moved worker's forwarder passes the stop on
        }

        if (Volatile.Read(ref _live) == 0)
        {
            _allExited.TrySetResult();
        }

        _failures.Clear(); // no delegate decides on them any more
        return _allExited.Task;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Supervision + 8, Level = LogLevel.Warning, Message = "Sworm {Sworm}: worker {Worker} threw while being disposed; it is stopped")]
        public static partial void DisposeFailed(ILogger logger, string sworm, string worker, Exception exception);
    }
}
