using Proto;

namespace Sworm.Supervision.Failover;

/// <summary>
/// Names this member stopped below the static quorum (<see cref="SuspendedSpec"/>). Their copies elsewhere still say
/// they run here, so no other member restores them while it counts this member live: this store restores them itself
/// once the quorum is back and the topology has settled. A member the quorum side removed never gets there (its old
/// incarnation stays below quorum); it carries them across its rejoin, where they are orphans like any other copy,
/// and the restore finds them already running on the quorum side.
/// </summary>
internal sealed partial class SpecStoreActor
{
    private readonly Dictionary<string, WorkerSpec> _suspended = new(StringComparer.Ordinal);

    private void Suspend(SuspendedSpec suspended)
    {
        _hosted.Remove(suspended.Name);
        _suspended[suspended.Name] = suspended.Spec;
    }

    /// <summary>Called once restores may run (quorum, settled topology): restore what this member stopped below quorum.</summary>
    private void RestoreSuspended(IContext context)
    {
        foreach (var (name, spec) in _suspended)
        {
            if (_planner.Begin(name))
            {
                context.Send(_restorer!, new RestoreOrphan(new SpecCopy(name, spec, topology.SelfId)));
            }
        }
    }

    /// <summary>A suspended name runs again (restored, or found running on a live member) or went for good.</summary>
    private void Resumed(string name) => _suspended.Remove(name);
}
