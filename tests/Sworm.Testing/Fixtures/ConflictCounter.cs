using Proto;
using Sworm.Handoff;

namespace Sworm.Testing.Fixtures;

/// <summary>
/// A counter of <see cref="HandoffProcesses"/> for the name-conflict scenarios: it answers <c>BeginHandoff</c> by
/// <paramref name="mode"/> ("reply": its value as a <see cref="CounterState"/>, "ignore", "silent": never answers,
/// "throw") and keeps the value of every <c>ResolveConflict</c> it receives, in order. Live instances in this process
/// are counted in <see cref="ConflictCounters"/>.
/// </summary>
[SwormWorker]
public partial class ConflictCounter(string mode, int start) : IActor
{
    private readonly List<int> _resolved = [];
    private readonly List<string> _seen = [];
    private int _value = start;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                ConflictCounters.OnStarted();
                _seen.Add("Started");
                break;
            case Stopped:
                ConflictCounters.OnStopped();
                break;
            case Increment:
                _value++;
                break;
            case HoldUntil hold:
                // Busy until the test opens the gate (in-process only: the task does not cross the wire).
                return hold.Gate;
            case GetConflicts:
                context.Respond(new ConflictsAre(_value, _resolved.ToArray(), context.System.Address, _seen.ToArray()));
                break;
            case BeginHandoffMessage begin:
                switch (mode)
                {
                    case "reply":
                        begin.Reply(context, new CounterState(_value, []));
                        break;
                    case "ignore":
                        begin.Ignore(context);
                        break;
                    case "throw":
                        throw new InvalidOperationException("this counter refuses to hand off");
                }

                break;
            case EndHandoffMessage end:
                _value = end.State<CounterState>().Value;
                _seen.Add("EndHandoff");
                break;
            case ResolveConflictMessage resolve:
                _resolved.Add(resolve.State<CounterState>().Value);
                _seen.Add("ResolveConflict");
                break;
        }

        return Task.CompletedTask;
    }
}

/// <summary>Keeps a <see cref="ConflictCounter"/> in its handler until <paramref name="Gate"/> completes (a winner that cannot answer in time).</summary>
public sealed record HoldUntil(Task Gate);

/// <summary>Asks a <see cref="ConflictCounter"/> what it holds.</summary>
public sealed record GetConflicts;

/// <summary>
/// A <see cref="ConflictCounter"/>'s answer: its value, the values of the <c>ResolveConflict</c>s it received (in
/// order), where it runs, and the runtime's messages it saw (Started, EndHandoff, ResolveConflict) in order.
/// </summary>
public sealed record ConflictsAre(int Value, int[] Resolved, string Address, string[] Seen);

/// <summary>How many <see cref="ConflictCounter"/>s run in this process right now (started and not yet stopped).</summary>
public static class ConflictCounters
{
    private static int _live;

    public static int Live => Volatile.Read(ref _live);

    internal static void OnStarted() => Interlocked.Increment(ref _live);

    internal static void OnStopped() => Interlocked.Decrement(ref _live);
}
