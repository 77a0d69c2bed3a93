using System.Collections.Concurrent;

namespace Sworm.Runtime.Tests;

public sealed record Ping;
public sealed record Pong(string Label, PID Self);
public sealed record Crash;
public sealed record StopNormally;
public sealed record GetCount;

/// <summary>Counts how often each labelled worker was constructed, so tests can assert "exactly one".</summary>
public static class Constructions
{
    private static readonly ConcurrentDictionary<string, int> Counts = new();

    public static void Record(string label) => Counts.AddOrUpdate(label, 1, (_, n) => n + 1);

    public static int Of(string label) => Counts.TryGetValue(label, out var n) ? n : 0;
}

/// <summary>Answers pings with its label, crashes or stops on request, and counts messages it was sent.</summary>
[SwormWorker]
public partial class EchoWorker : IActor
{
    private readonly string _label;
    private int _received;

    public EchoWorker(string label)
    {
        _label = label;
        Constructions.Record(label);
    }

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Ping:
                context.Respond(new Pong(_label, context.Self));
                break;
            case GetCount:
                context.Respond(_received);
                break;
            case Crash:
                throw new InvalidOperationException("crash requested by the test");
            case StopNormally:
                context.Stop(context.Self);
                break;
            case string:
                _received++;
                break;
        }

        return Task.CompletedTask;
    }
}

/// <summary>Fails where it is told to: in its constructor or in its Started handler.</summary>
[SwormWorker]
public partial class FailingWorker : IActor
{
    private readonly string _failIn;

    public FailingWorker(string failIn)
    {
        _failIn = failIn;
        if (failIn == "constructor")
        {
            throw new ArgumentException("the constructor refuses to build this worker");
        }
    }

    public Task ReceiveAsync(IContext context)
    {
        if (context.Message is Started && _failIn == "started")
        {
            throw new InvalidOperationException("Started refuses to run");
        }

        return Task.CompletedTask;
    }
}

/// <summary>Crashes on its first message after <c>Started</c> (sent to itself from <c>Started</c>) in its first incarnation only.</summary>
[SwormWorker]
public partial class CrashesAfterStartWorker : IActor
{
    private readonly string _label;
    private readonly bool _first;

    public CrashesAfterStartWorker(string label)
    {
        _label = label;
        Constructions.Record(label);
        _first = Constructions.Of(label) == 1;
    }

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started when _first:
                context.Send(context.Self, new Crash());
                break;
            case Crash:
                throw new InvalidOperationException("crash right after Started, requested by the test");
            case Ping:
                context.Respond(new Pong(_label, context.Self));
                break;
        }

        return Task.CompletedTask;
    }
}

/// <summary>Records each labelled worker's disposal (Proto disposes an actor after its Stopped).</summary>
[SwormWorker]
public partial class DisposableWorker(string label) : IActor, IDisposable
{
    private static readonly ConcurrentDictionary<string, int> Disposals = new();

    public static int DisposalsOf(string label) => Disposals.TryGetValue(label, out var n) ? n : 0;

    public Task ReceiveAsync(IContext context) => Task.CompletedTask;

    public void Dispose() => Disposals.AddOrUpdate(label, 1, (_, n) => n + 1);
}

/// <summary>Throws from Dispose.</summary>
[SwormWorker]
public partial class ThrowingDisposeWorker : IActor, IDisposable
{
    public Task ReceiveAsync(IContext context) => Task.CompletedTask;

    public void Dispose() => throw new InvalidOperationException("dispose failed, as the test asks");
}
