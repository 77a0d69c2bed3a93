using Proto;

namespace Sworm.Workers;

/// <summary>The one test for "a process of this member has stopped", shared by name resolution and the delegates.</summary>
internal static class LocalProcesses
{
    /// <summary>
    /// Whether <paramref name="pid"/> is a process of this member that has stopped (or is stopping). Proto removes a
    /// stopped process from its registry before it tells the watchers, so this is true before <c>Terminated</c> arrives.
    /// </summary>
    public static bool HasStopped(this ActorSystem system, PID pid) =>
        pid.Address == system.Address && system.ProcessRegistry.Get(pid) is DeadLetterProcess;
}
