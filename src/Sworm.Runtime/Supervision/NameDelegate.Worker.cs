using Proto;
using Sworm.Supervision.Handoff;

namespace Sworm.Supervision;

/// <summary>Starting a worker: built from its spec, spawned under the pipeline, and its <c>Started</c> awaited in the host's turn.</summary>
internal sealed partial class NameDelegate
{
    /// <summary>Builds the worker from the spec, spawns it and waits until its <c>Started</c> is done.</summary>
    private async Task<(PID? Pid, string? Failure)> StartWorker(IContext context, HandoffArrival? arrival = null, byte[]? state = null)
    {
        if (Stopping)
        {
            // A worker spawned after the host began stopping its workers would never be stopped.
            return (null, "its member is stopping");
        }

        IActor worker;
        try
        {
            worker = Activator.Create(_spec!);
        }
        catch (Exception e)
        {
            return (null, Describe(e));
        }

        // Continuations run on the completing thread: the only one is the resumption's post to the host's mailbox.
        var started = new TurnSignal<bool>(context, Settings.RequestDeadline(), "The Started handler of worker '{0}'", _name);
        PID pid;
        try
        {
            pid = all.Pipeline.Spawn(context, worker, started, arriving: arrival is not null);
            all.Spawned(pid, this);
        }
        catch (Exception e)
        {
            return (null, Describe(e));
        }

        if (arrival is not null)
        {
            Arrive(context, pid, arrival, state);
        }

        try
        {
            await started;
            return (pid, null);
        }
        catch (TimeoutException) when (started.TimedOut)
        {
            await context.StopAsync(pid).InTurn(context);
            return (null, $"its Started handler did not finish within {Settings.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            // Proto escalates the same exception to the worker's supervisor, which stops it.
            await context.StopAsync(pid).InTurn(context);
            return (null, Describe(e));
        }
    }

    private static string Describe(Exception e) => e is System.Reflection.TargetInvocationException { InnerException: { } inner }
        ? Describe(inner)
        : $"{e.GetType().FullName}: {e.Message}";
}
