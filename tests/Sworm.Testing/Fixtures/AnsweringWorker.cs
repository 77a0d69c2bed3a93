using Proto;

namespace Sworm.Testing.Fixtures;

/// <summary>
/// Answers where it runs, and keeps no books: the benchmarks' worker, doing what raw Proto.Cluster's actor does in
/// the same runs. (<see cref="PlacedWorker"/> also counts constructions and live workers for the tests' assertions:
/// a dictionary entry per name, about 0.1 KB of heap and a lock on every start, that raw Proto's actor does not pay.)
/// </summary>
[SwormWorker]
public partial class AnsweringWorker : IActor
{
    /// <param name="name">The name it runs under, as a real worker's spec would carry it (not kept: nothing here needs it).</param>
    public AnsweringWorker(string name)
    {
    }

    public Task ReceiveAsync(IContext context)
    {
        if (context.Message is Where)
        {
            context.Respond(new Here(context.System.Address, context.Self));
        }

        return Task.CompletedTask;
    }
}
