using System.Runtime.CompilerServices;
using Proto;

namespace Sworm.Supervision;

/// <summary>The <see cref="TurnAwaitable"/> of a task with a result.</summary>
internal readonly struct TurnAwaitable<T>(Task<T> task, IContext context) : ICriticalNotifyCompletion
{
    public TurnAwaitable<T> GetAwaiter() => this;

    public bool IsCompleted => task.IsCompleted;

    public T GetResult() => task.GetAwaiter().GetResult();

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation)
    {
        TurnResumption.After(task, context, continuation);
    }
}
