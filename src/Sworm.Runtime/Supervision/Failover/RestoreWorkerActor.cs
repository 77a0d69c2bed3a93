using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Supervision.Placement;

namespace Sworm.Supervision.Failover;

/// <summary>
/// The spec store's child that runs restores, a bounded number at a time, each inside this actor's mailbox
/// (Proto's <c>PartitionIdentityRebalanceWorker</c> pattern), so no actor state is read off a mailbox. It reports
/// every outcome to its parent (<see cref="RestoreDone"/>). A restore still queued when its copy was dropped or
/// replaced is skipped (<see cref="CancelRestore"/>), as is one whose name the replica already shows running.
/// </summary>
internal sealed partial class RestoreWorkerActor(SwormSettings settings, SwormTopology topology, RegistryReplica replica, NameHosts hosts, ILogger logger) : IActor
{
    private const int MaxInFlight = 64;

    private readonly Queue<SpecCopy> _queue = new();
    // By name and host: the same name can have a cancelled copy from one host and a queued one from another.
    private readonly HashSet<(string Name, string Host)> _cancelled = [];
    private int _inFlight;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case RestoreOrphan restore:
                _cancelled.Remove((restore.Copy.Name, restore.Copy.Host));
                _queue.Enqueue(restore.Copy);
                Pump(context);
                break;
            case CancelRestore cancel:
                _cancelled.Add((cancel.Name, cancel.Host));
                break;
        }

        return Task.CompletedTask;
    }

    private void Pump(IContext context)
    {
        while (_inFlight < MaxInFlight && _queue.TryDequeue(out var copy))
        {
            if (Skip(copy))
            {
                context.Send(context.Parent!, new RestoreDone(copy, Succeeded: true));
                continue;
            }

            _inFlight++;
            var request = Restore(context.System, copy);
            context.ReenterAfter(request, task =>
            {
                _inFlight--;
                context.Send(context.Parent!, new RestoreDone(copy, task.Result));
                Pump(context);
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>Queued restores can wait a while: skip one whose copy went, or that another holder already restored.</summary>
    private bool Skip(SpecCopy copy)
    {
        if (_cancelled.Remove((copy.Name, copy.Host)))
        {
            return true;
        }

        // By the publishing member's id, never by address: a member restarted at the same address must not make the
        // dead incarnation's entry look alive (the name would never be restored).
        return replica.EntryOf(copy.Name) is { } running && topology.IsLiveMember(running.Source);
    }

    /// <summary>True when the name runs again (or must not: unregistered meanwhile, or its worker cannot start).</summary>
    private async Task<bool> Restore(ActorSystem system, SpecCopy copy)
    {
        using var activity = SwormActivities.StartClient(SwormActivities.RestoreName, settings.Name, copy.Name);
        try
        {
            var deadline = settings.RequestDeadline();
            var message = new RegisterSupervised(copy.Spec, Restore: true, SwormActivities.TraceParentOf(activity), SwormActivities.TraceStateOf(activity));
            var reply = await hosts.Ask(copy.Name, message, deadline).ConfigureAwait(false);
            SwormActivities.Outcome(activity, reply?.Outcome.ToString() ?? "no_answer");
            switch (reply?.Outcome)
            {
                case DelegateOutcome.Started:
                    Log.Restored(logger, settings.Name, copy.Name, reply.Pid!);
                    return Restored(system, copy, reply);
                case DelegateOutcome.AlreadyStarted:
                    // A leaving member's delegates answer until they stop: an answer naming a pid there is not a restore.
                    return IsLive(reply);
                case DelegateOutcome.NotFound:
                    return true; // unregistered meanwhile: the name stays gone
                case DelegateOutcome.Failed:
                    Log.RestoreFailed(logger, settings.Name, copy.Name, reply.Reason ?? "", null);
                    return true; // the worker cannot start: keeping the copy would retry forever
                default:
                    return false;
            }
        }
        catch (Exception e)
        {
            Log.RestoreFailed(logger, settings.Name, copy.Name, "no answer; will retry", e);
            return false;
        }
    }

    /// <summary>A restore counts (event, <c>sworm.failovers</c>) only when the worker runs on a live member.</summary>
    private bool Restored(ActorSystem system, SpecCopy copy, DelegateReply reply)
    {
        if (!IsLive(reply))
        {
            return false;
        }

        SwormDiagnostics.Of(system)?.Raise(new NameRestored(settings.Name, copy.Name, reply.Pid!, copy.Host));
        return true;
    }

    /// <summary>
    /// Whether the answering member is in the topology: by its id when it gave one, never by address alone (a member
    /// that rejoined at the same address would make its old incarnation's answer look live, and the copy would go).
    /// </summary>
    private bool IsLive(DelegateReply reply) =>
        topology.IsLive(reply.Pid!.Address) && (reply.Source is not { } member || topology.IsLiveMember(member));
}
