using System.Reflection;
using Proto;
using Proto.Future;

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

    /// <summary>How often, and how long at most, a stopped system's requests still in flight are waited for.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Empties the pool now and, while requests made before the shutdown are still in flight (each gives its slot back
    /// when it is answered, times out or is cancelled), once more after the last has ended (polled every second, for
    /// at most 10 minutes: a request without a deadline may never end). False when this Proto version does not look as
    /// expected (then nothing is changed).
    /// </summary>
    public static bool Release(ActorSystem system)
    {
        if (typeof(ActorSystem).GetProperty("DeferredFuture", Private)?.GetValue(system) is not Lazy<FutureFactory> deferred)
        {
            return false;
        }

        if (!deferred.IsValueCreated)
        {
            return true; // no request was ever made
        }

        var factory = deferred.Value;
        if (factory.GetType().GetField("_sharedFutureProcess", Private) is not { } field)
        {
            return false;
        }

        if (field.GetValue(factory) is not SharedFutureProcess process)
        {
            return true; // shared futures turned off: nothing is pooled
        }

        if (process.GetType().GetField("_futures", Private)?.GetValue(process) is not { } bag
            || bag.GetType().GetMethod("Clear", Type.EmptyTypes) is not { } clear)
        {
            return false;
        }

        clear.Invoke(bag, null);
        if (process.RequestsInFlight > 0)
        {
            _ = Task.Run(async () =>
            {
                var deadline = DateTime.UtcNow + MaxWait;
                while (process.RequestsInFlight > 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(Poll).ConfigureAwait(false);
                }

                clear.Invoke(bag, null);
            });
        }

        return true;
    }
}
