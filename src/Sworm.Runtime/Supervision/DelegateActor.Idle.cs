using System.Diagnostics;
using Proto;
using Proto.Timers;

namespace Sworm.Supervision;

/// <summary>When a delegate goes: an idle one stops, after an unregistration only once it has served as the name's tombstone.</summary>
internal sealed partial class DelegateActor
{
    private void StopIfIdle(IContext context)
    {
        if (!IsIdle)
        {
            return;
        }

        if (RecentlyUnregistered(out var left))
        {
            // Stay a while as the name's tombstone, so a restore already on its way cannot bring it back.
            context.Scheduler().SendOnce(left, context.Self, new StopWhenIdle());
            return;
        }

        // Through the mailbox, so requests already queued for this name are served first.
        context.Send(context.Self, new StopWhenIdle());
    }

    /// <summary>
    /// Whether the name was unregistered less than a request timeout ago: a restore sent before the unregistration
    /// dropped its copy arrives within that time or not at all.
    /// </summary>
    private bool RecentlyUnregistered(out TimeSpan left)
    {
        left = _unregisteredAt == 0 ? TimeSpan.Zero : settings.RequestTimeout - Stopwatch.GetElapsedTime(_unregisteredAt);
        return left > TimeSpan.Zero;
    }
}
