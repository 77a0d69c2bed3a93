using System.Globalization;
using System.Runtime.CompilerServices;
using Proto;
using Sworm.Registry;

namespace Sworm.Supervision;

/// <summary>
/// A one-shot answer a delegate awaits in its host's turn without a Proto future or a task: whoever answers (a local
/// actor the request carried it to, a worker's start, the deadline) calls <see cref="TrySetResult"/> or
/// <see cref="TrySetException"/>, and the signal itself is posted to the host as the continuation message. Measured per
/// new name (docs/performance.md): a local request through Proto's future and a <see cref="TurnResumption"/> cost a
/// future process, its async frames and task, a thread-pool hop and the resumption; this is one object. Local only:
/// it never crosses the wire. The first answer wins; a request with no answer by its deadline fails
/// with a <see cref="TimeoutException"/> saying what timed out.
/// </summary>
internal sealed class TurnSignal<T> : TurnContinuation, ICriticalNotifyCompletion, ILocalReply<T>
{
    private const int Pending = 0, Awaited = 1, Done = 2;

    // What is awaited, for the timeout's message: a format and its arguments, so a signal that is answered (nearly all)
    // never builds the string.
    private readonly string _what;
    private readonly string _arg0;
    private readonly string? _arg1;
    private CancellationTokenRegistration _deadline;
    private Action? _continuation;
    private T? _result;
    private Exception? _error;
    private int _answered;
    private int _state;

    /// <param name="context">The host whose delegate awaits it.</param>
    /// <param name="deadline">When it fails with a <see cref="TimeoutException"/> if no answer came.</param>
    /// <param name="what">What is awaited, for the timeout's message: a composite format of <paramref name="arg0"/> and <paramref name="arg1"/>.</param>
    /// <param name="arg0">The format's <c>{0}</c>.</param>
    /// <param name="arg1">The format's <c>{1}</c>, if any.</param>
    public TurnSignal(IContext context, CancellationToken deadline, string what, string arg0, string? arg1 = null)
        : base(context)
    {
        _what = what;
        _arg0 = arg0;
        _arg1 = arg1;
        _deadline = deadline.UnsafeRegister(static s => ((TurnSignal<T>)s!).OnDeadline(), this);
    }

    public bool TrySetResult(T result) => Answer(result, null);

    public bool TrySetException(Exception error) => Answer(default, error);

    public TurnSignal<T> GetAwaiter() => this;

    public bool IsCompleted => Volatile.Read(ref _state) == Done;

    public T GetResult()
    {
        _deadline.Unregister(); // never blocks (Dispose would wait for a deadline callback under way)
        return _error is { } error ? throw error : _result!;
    }

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation)
    {
        _continuation = continuation;
        if (Interlocked.CompareExchange(ref _state, Awaited, Pending) == Done)
        {
            Post(); // answered meanwhile: the answer found no continuation to post
        }
    }

    public override void Run() => _continuation!();

    // The first answer wins: the registry, a worker's start and the deadline may race.
    private bool Answer(T? result, Exception? error)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return false;
        }

        _result = result;
        _error = error;
        if (Interlocked.Exchange(ref _state, Done) == Awaited)
        {
            Post();
        }

        return true;
    }

    private void OnDeadline() =>
        Answer(default, new TimeoutException(string.Format(CultureInfo.InvariantCulture, _what, _arg0, _arg1) + " got no answer in time."));
}
