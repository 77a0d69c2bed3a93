using Proto;

namespace Sworm.Supervision.Failover;

/// <summary>
/// Names this member stopped below the static quorum (<see cref="SuspendedSpec"/>). Their copies elsewhere still say
/// they run here, so no other member restores them while it counts this member live: this store restores them itself
/// once the quorum is back and the topology has settled. Until then they count as this member's own specs: handed
/// over on a graceful leave, copied to joiners, carried across a rejoin (where they are orphans like any other copy,
/// and the restore finds them running on the quorum side if it removed this member).
/// </summary>
internal sealed partial class SpecStoreActor
{
    // The copy object sent to the restore worker: a RestoreDone for an older suspension of the same name must not
    // clear a newer one (the member can dip below quorum again while a restore is on its way).
    private readonly Dictionary<string, SpecCopy> _suspended = new(StringComparer.Ordinal);

    private void Suspend(SuspendedSpec suspended)
    {
        _hosted.Remove(suspended.Name);
        _suspended[suspended.Name] = new SpecCopy(suspended.Name, suspended.Spec, topology.SelfId);
    }

    /// <summary>The specs this member answers for: those it hosts and those it suspended below quorum.</summary>
    private IEnumerable<KeyValuePair<string, WorkerSpec>> OwnSpecs() =>
        _hosted.Concat(_suspended.Where(kv => !_hosted.ContainsKey(kv.Key)).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Spec)));

    /// <summary>Called once restores may run (quorum, settled topology): restore what this member stopped below quorum.</summary>
    private void RestoreSuspended(IContext context)
    {
        foreach (var (name, copy) in _suspended)
        {
            if (_planner.Begin(name))
            {
                context.Send(_restorer!, new RestoreOrphan(copy));
            }
        }
    }

    /// <summary>A restore finished: if it was of the current suspension, the name runs again (or must not).</summary>
    private void Resumed(SpecCopy restored)
    {
        if (_suspended.TryGetValue(restored.Name, out var current) && ReferenceEquals(current, restored))
        {
            _suspended.Remove(restored.Name);
        }
    }

    /// <summary>The name was unregistered: forget its suspension, and a restore of it still queued.</summary>
    private void Unsuspend(IContext context, string name)
    {
        if (_suspended.Remove(name, out var copy) && _planner.IsRestoring(name))
        {
            context.Send(_restorer!, new CancelRestore(name, copy.Host));
        }
    }
}
