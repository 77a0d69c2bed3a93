using Proto;
using Sworm.Registry;
using Sworm.Workers;

namespace Sworm.Sworms;

/// <summary>
/// The one place the client resolves a name to the pid a message goes to (<c>Send</c>, <c>Request</c>,
/// <c>WhereIsName</c>, <c>WhereIsOrRegisterName</c>), a group to its members (<c>Publish</c>, <c>MultiCall</c>,
/// <c>Members</c>) and lists the names (<c>Registered</c>). A lock-free read of the replica, minus the processes of
/// this member that are known to be dead: Proto drops a stopped actor from its process registry before it tells
/// any watcher, so no local read can hand out a pid a local watcher already saw terminate, even before the registry
/// actor has processed the same <c>Terminated</c> (API.md §3). This is where a pid cache belongs. A handoff move does
/// not go through here: the old pid itself forwards to the successor (see <c>Supervision/Handoff/HandoffStep.cs</c>).
/// </summary>
internal sealed class NameRoute(RegistryReplica replica, ActorSystem system)
{
    /// <summary>
    /// The pid registered under <paramref name="name"/>, or null. When the name has two publications for a moment (a
    /// duplicate the conflict rule is stopping, a name moving off a leaving member) and the preferred one is a local
    /// process that just stopped, the other one answers: the name is not "gone" while a live copy is published.
    /// </summary>
    public PID? Resolve(string name)
    {
        for (var entry = replica.EntryOf(name); entry is not null; entry = entry.Shadowed)
        {
            if (!IsKnownDead(entry.Pid))
            {
                return entry.Pid;
            }
        }

        return null;
    }

    /// <summary>The pids in <paramref name="group"/>.</summary>
    public IReadOnlyList<PID> Members(string group)
    {
        var members = replica.Members(group);
        return members.Any(IsKnownDead) ? members.Where(pid => !IsKnownDead(pid)).ToArray() : members;
    }

    /// <summary>Every registered name with its pid.</summary>
    public IReadOnlyList<Registration> Registered()
    {
        var all = replica.Registered();
        return all.Any(r => IsKnownDead(r.Pid)) ? all.Where(r => !IsKnownDead(r.Pid)).ToArray() : all;
    }

    /// <summary>Whether <paramref name="pid"/> is a process of this member that has stopped (or is stopping).</summary>
    public bool IsKnownDead(PID pid) => system.HasStopped(pid);
}
