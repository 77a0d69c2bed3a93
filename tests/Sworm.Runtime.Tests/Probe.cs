namespace Sworm.Runtime.Tests;

/// <summary>A plain actor spawned by a test (not through Sworm) that records what it receives.</summary>
public sealed class Probe : IActor
{
    private readonly Func<IContext, Task>? _onStarted;

    public Probe(Func<IContext, Task>? onStarted = null) => _onStarted = onStarted;

    public List<object> Received { get; } = [];

    public TaskCompletionSource StartedDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                if (_onStarted is not null)
                {
                    await _onStarted(context);
                }

                StartedDone.TrySetResult();
                break;
            case Ping:
                context.Respond(new Pong("probe", context.Self));
                break;
            case StopNormally:
                context.Stop(context.Self);
                break;
            case string text:
                lock (Received)
                {
                    Received.Add(text);
                }

                break;
        }
    }

    public static (PID Pid, Probe Actor) Spawn(TestMember member, Func<IContext, Task>? onStarted = null)
    {
        var probe = new Probe(onStarted);
        return (member.System.Root.Spawn(Props.FromProducer(() => probe)), probe);
    }
}
