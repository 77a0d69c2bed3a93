using System.Reflection;
using Proto;

namespace Sworm.Hosting;

/// <summary>
/// Lets a stopped actor system be collected: empties Proto 1.8.0's shared-future pool once the system has shut down.
///
/// Why: Proto's <c>SharedFutureProcess</c> keeps its free request slots in a <c>ConcurrentBag</c>, whose items sit in
/// per-thread queues held by each pool thread's thread-local storage, and each slot points back at the process and so
/// at the whole actor system. Every thread that ever completed a request therefore keeps a stopped member reachable,
/// names, workers and registry included (measured: a 2-member cluster with 20,000 names kept all its 48 MB after it
/// stopped, and a process that starts members in turn, tests, benchmarks or a member that rejoins as a new incarnation,
/// kept every one). Emptying the bag takes every slot out of those queues; raw Proto does not, and keeps them.
/// </summary>
internal static class ProtoSharedFutures
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    /// <summary>
    /// Empties the pool now, and once more after <paramref name="requestTimeout"/> (a request still in flight at
    /// shutdown gives its slot back when it is answered or times out); false when this Proto version does not look as
    /// expected (then nothing is changed).
    /// </summary>
    public static bool Release(ActorSystem system, TimeSpan requestTimeout)
    {
        if (typeof(ActorSystem).GetProperty("DeferredFuture", Private)?.GetValue(system) is not Lazy<Proto.Future.FutureFactory> deferred)
        {
            return false;
        }

        if (!deferred.IsValueCreated)
        {
            return true; // no request was ever made
        }

        var factory = deferred.Value;
        var process = factory.GetType().GetField("_sharedFutureProcess", Private)?.GetValue(factory);
        var bag = process?.GetType().GetField("_futures", Private)?.GetValue(process);
        if (bag?.GetType().GetMethod("Clear", Type.EmptyTypes) is not { } clear)
        {
            return false;
        }

        clear.Invoke(bag, null);
        _ = Task.Delay(requestTimeout + TimeSpan.FromSeconds(1)).ContinueWith(_ => clear.Invoke(bag, null), TaskScheduler.Default);
        return true;
    }
}
