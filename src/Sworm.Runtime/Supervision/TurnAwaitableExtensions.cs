using Proto;

namespace Sworm.Supervision;

/// <summary><c>await task.InTurn(context)</c> (see <see cref="TurnAwaitable"/>).</summary>
internal static class TurnAwaitableExtensions
{
    public static TurnAwaitable InTurn(this Task task, IContext context) => new(task, context);

    public static TurnAwaitable<T> InTurn<T>(this Task<T> task, IContext context) => new(task, context);
}
