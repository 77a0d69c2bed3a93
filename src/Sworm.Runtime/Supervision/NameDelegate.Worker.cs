using Proto;
using Sworm.Registry;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision;

/// <summary>
/// Starting a worker: built from its spec, spawned under the pipeline, and its <c>Started</c> (and publication, see
/// <see cref="WorkerStart"/>) awaited in the host's turn.
/// </summary>
internal sealed partial class NameDelegate
{
    /// <summary>
    /// Builds the worker from the spec, spawns it and waits until its <c>Started</c> is done and, with
    /// <paramref name="publication"/>, until the registry has published it (its answer is returned). A publication that
    /// fails (past its deadline) stops the worker and fails the step, as a publication the delegate awaited did.
    /// </summary>
    private async Task<(PID? Pid, string? Failure, Published? Published)> StartWorker(
        IContext context, HandoffArrival? arrival = null, byte[]? state = null, WorkerStart.Publication? publication = null)
    {
        if (Stopping)
        {
            // A worker spawned after the host began stopping its workers would never be stopped.
            return (null, "its member is stopping", null);
        }

        IActor worker;
        try
        {
            worker = Activator.Create(_spec!);
        }
        catch (Exception e)
        {
            return (null, Describe(e), null);
        }

        var started = new WorkerStart(context, Settings, _name, publication);
        PID pid;
        try
        {
            pid = all.Pipeline.Spawn(context, worker, started, arriving: arrival is not null);
            all.Spawned(pid, this);
        }
        catch (Exception e)
        {
            started.NotSpawned();
            return (null, Describe(e), null);
        }

        // Before the publication (the worker's shell sends it): a worker the registry lists is always one a leave or a
        // rebalance can find to move. One that then fails to start is not moved (its delegate holds no worker).
        Handoffs.WorkerStarted(_name, this);

        if (arrival is not null)
        {
            Arrive(context, pid, arrival, state);
        }

        try
        {
            return (pid, null, await started.Done);
        }
        catch (TimeoutException) when (started.StartTimedOut)
        {
            await context.StopAsync(pid).InTurn(context);
            return (null, $"its Started handler did not finish within {started.StartTimeout.TotalSeconds:0.###} s", null);
        }
        catch (Exception e) when (!started.HasStarted)
        {
            // Proto escalates the same exception to the worker's supervisor, which stops it.
            await context.StopAsync(pid).InTurn(context);
            return (null, Describe(e), null);
        }
        catch
        {
            // Started, but its publication got no answer in time: the step fails, and the worker must not outlive it.
            context.Stop(pid);
            throw;
        }
    }

    private static string Describe(Exception e) => e is System.Reflection.TargetInvocationException { InnerException: { } inner }
        ? Describe(inner)
        : $"{e.GetType().FullName}: {e.Message}";
}
