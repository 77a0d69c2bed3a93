using Proto;

namespace Sworm.Supervision;

/// <summary>
/// The rest of a delegate's step, posted to its name host once the task it awaited completes, and run in a host turn
/// (<see cref="TurnAwaitable"/>). It replaces Proto's <c>ReenterAfter</c> on this hot path: a registration awaits three
/// or four times, and each <c>ReenterAfter</c> made six objects (a <c>Continuation</c>, two closures, two delegates, an
/// async box) and queued a system message under the mailbox's lock; this is one object and its delegate, queued as a
/// user message (lock-free). As with Proto's continuations, a host that began stopping, or a newer incarnation of it,
/// does not run it (<see cref="Placement.NameHostActor"/>).
/// </summary>
internal sealed class TurnResumption : TurnContinuation
{
    private readonly Action _continuation;

    private TurnResumption(IContext context, Action continuation)
        : base(context) => _continuation = continuation;

    /// <summary>Runs <paramref name="continuation"/> in a later turn of <paramref name="context"/>'s actor once <paramref name="task"/> completes.</summary>
    public static void After(Task task, IContext context, Action continuation) =>
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(new TurnResumption(context, continuation).PostOrRun);

    public override void Run() => _continuation();
}
