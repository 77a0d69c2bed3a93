using Proto;
using Sworm.Handoff;

namespace Sworm.Testing.Fixtures;

/// <summary>
/// A counter that hands its value (and the numbers it received) off on <c>BeginHandoff</c> and restores them from
/// <c>EndHandoff</c>. <paramref name="mode"/> says how it answers <c>BeginHandoff</c>: "reply" (its state),
/// "ignore", "silent" (never answers), "throw", "unserializable" (a state JSON cannot write). <paramref name="start"/>
/// is its first value.
/// </summary>
[SwormWorker]
public partial class Counter(string mode, int start) : IActor
{
    private readonly int _start = start;
    private readonly bool _counted = CounterCopies.OnConstructed(start);
    private readonly List<int> _numbers = [];
    private int _value = start;
    private bool _restored;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started when _counted:
                CounterCopies.OnStarted(_start);
                break;
            case Stopped:
                CounterCopies.OnStopped(_start);
                break;
            case Increment:
                _value++;
                break;
            case Numbered numbered:
                _numbers.Add(numbered.N);
                break;
            case NumberedRequest request:
                _numbers.Add(request.N);
                context.Respond(Answer(context));
                break;
            case GetCount:
                context.Respond(Answer(context));
                break;
            case BeginHandoffMessage begin:
                switch (mode)
                {
                    case "reply":
                        begin.Reply(context, new CounterState(_value, _numbers.ToArray()));
                        break;
                    case "ignore":
                        begin.Ignore(context);
                        break;
                    case "throw":
                        throw new InvalidOperationException("this counter refuses to hand off");
                    case "unserializable":
                        begin.Reply(context, new UnwritableState(typeof(Counter)));
                        break;
                }

                break;
            case EndHandoffMessage end:
                var state = end.State<CounterState>();
                _value = state.Value;
                _numbers.InsertRange(0, state.Numbers);
                _restored = true;
                break;
        }

        return Task.CompletedTask;
    }

    private CountIs Answer(IContext context) => new(_value, context.System.Address, _numbers.ToArray(), _restored);
}
