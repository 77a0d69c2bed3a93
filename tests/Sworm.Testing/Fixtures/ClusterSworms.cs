using System.Collections.Concurrent;

using Proto;
namespace Sworm.Testing.Fixtures;

/// <summary>The sworm the cluster scenarios run, in the test process and in member processes alike.</summary>
[Sworm]
public partial class ClusterProcesses;

/// <summary>The same, with workers that are never restarted.</summary>
[Sworm(Restart = RestartStrategy.Temporary)]
public partial class TemporaryClusterProcesses;

/// <summary>A sworm that only some members add (the directory rule).</summary>
[Sworm]
public partial class OnlyOnSome;

public sealed record Where;
public sealed record Here(string Address, PID Self);

/// <summary>Counts constructions per label across all members of the test process.</summary>
public static class ClusterConstructions
{
    private static readonly ConcurrentDictionary<string, int> Counts = new();

    public static void Record(string label) => Counts.AddOrUpdate(label, 1, (_, n) => n + 1);

    public static int Of(string label) => Counts.TryGetValue(label, out var n) ? n : 0;
}

/// <summary>Answers where it runs.</summary>
[SwormWorker]
public partial class PlacedWorker : IActor
{
    public PlacedWorker(string label)
    {
        ClusterConstructions.Record(label);
        LiveWorkers.OnConstructed();
    }

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Where:
                context.Respond(new Here(context.System.Address, context.Self));
                break;
            case Started:
                LiveWorkers.OnStarted();
                break;
            // A restart replaces the instance without a Stopped: the old one counts as gone.
            case Stopped or Restarting:
                LiveWorkers.OnStopped();
                break;
        }

        return Task.CompletedTask;
    }
}

/// <summary>A worker whose <c>Started</c> takes <c>startMillis</c>: a registration stays in flight that long.</summary>
[SwormWorker]
public partial class SlowStartWorker : IActor
{
    private static int s_constructed;
    private readonly int _startMillis;

    public SlowStartWorker(int startMillis)
    {
        _startMillis = startMillis;
        Interlocked.Increment(ref s_constructed);
    }

    /// <summary>How many were built in this process (a registration reached its member's delegate).</summary>
    public static int Constructed => Volatile.Read(ref s_constructed);

    public async Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                await Task.Delay(_startMillis);
                break;
            case Where:
                context.Respond(new Here(context.System.Address, context.Self));
                break;
        }
    }
}
