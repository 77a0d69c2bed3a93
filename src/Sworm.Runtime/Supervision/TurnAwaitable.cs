using System.Runtime.CompilerServices;
using Proto;

namespace Sworm.Supervision;

/// <summary>
/// <c>await task.InTurn(context)</c>: the code after the await runs in a later turn of the actor of
/// <paramref name="context"/> (<see cref="TurnResumption"/>), never on a pool thread beside the actor's other turns, and
/// the actor takes other messages meanwhile. This lets a name's delegate (a slot in the name host, not an actor) be
/// written as ordinary async code while the host stays single-threaded. A task already complete goes on at once.
/// Every await in a delegate goes through here; a plain <c>await</c> would resume outside the host's turn.
/// </summary>
internal readonly struct TurnAwaitable(Task task, IContext context) : ICriticalNotifyCompletion
{
    public TurnAwaitable GetAwaiter() => this;

    public bool IsCompleted => task.IsCompleted;

    public void GetResult() => task.GetAwaiter().GetResult();

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation)
    {
        TurnResumption.After(task, context, continuation);
    }
}
