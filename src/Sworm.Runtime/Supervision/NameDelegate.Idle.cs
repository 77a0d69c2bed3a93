using System.Diagnostics;

namespace Sworm.Supervision;

/// <summary>
/// When a delegate goes: the host drops an idle one once its queue is drained (<see cref="NameDelegate.CanGo"/>); after
/// an unregistration only once it has served as the name's tombstone.
/// </summary>
internal sealed partial class NameDelegate
{
    /// <summary>
    /// Whether the name was unregistered less than a request timeout ago: a restore sent before the unregistration
    /// dropped its copy arrives within that time or not at all.
    /// </summary>
    private bool RecentlyUnregistered(out TimeSpan left)
    {
        left = _unregisteredAt == 0 ? TimeSpan.Zero : Settings.RequestTimeout - Stopwatch.GetElapsedTime(_unregisteredAt);
        return left > TimeSpan.Zero;
    }
}
