using Proto;
using Sworm.Sworms;

namespace Sworm;

/// <summary>
/// The hot path of <c>Request&lt;T&gt;</c> by name when the caller passes no cancellation token (the common case):
/// Proto's future with a deadline token and nothing else. Measured by <c>bench -- micro</c> (local request,
/// bytes per call): through <see cref="RemoteCall.Bounded{T}"/> a call costs a linked token source, its timer,
/// a closure and two more async state machines on top of Proto's future.
/// </summary>
public sealed partial class SwormClient
{
    /// <summary>Whole seconds from which a shared, Proto-cached deadline token is precise enough (it may fire up to 0.5 s early).</summary>
    private const int SharedDeadlineFromSeconds = 2;

    private async Task<TReply> RequestWithin<TReply>(PID pid, string name, object message, TimeSpan limit)
    {
        // Proto's future honours its token (it cancels the wait and frees the future), so no WaitAsync is needed here,
        // unlike RemoteCall.Bounded, which must also bound calls that ignore their token.
        var seconds = limit.TotalSeconds;
        var shared = seconds >= SharedDeadlineFromSeconds && seconds == Math.Floor(seconds);
        using var own = shared ? null : new CancellationTokenSource(limit);
        var deadline = own?.Token ?? CancellationTokens.FromSeconds((int)seconds);
        try
        {
            try
            {
                return await Ask<TReply>(pid, message, deadline).ConfigureAwait(false);
            }
            catch (NotDeliveredException)
            {
                return await AfterDeadLetter<TReply>(name, message, deadline).ConfigureAwait(false);
            }
            catch (DeadLetterException)
            {
                // A process the request was passed on to is gone.
                throw new SwormNameNotFoundException(SwormName, name);
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or ArgumentException && deadline.IsCancellationRequested)
        {
            // ArgumentException: Proto refuses a token that is already cancelled (a shared one can expire at the call).
            throw RemoteCall.TimedOut(SwormName, nameof(Request), name, limit, e);
        }
    }

    /// <summary>
    /// Proto's <c>RequestAsync</c>, except for a dead letter: from <paramref name="pid"/> itself (the message reached no
    /// process) it is a <see cref="NotDeliveredException"/>, from a process the request was passed on to a
    /// <see cref="DeadLetterException"/> (the message may have been handled: never asked again).
    /// </summary>
    private async Task<TReply> Ask<TReply>(PID pid, object message, CancellationToken deadline)
    {
        if (deadline.IsCancellationRequested)
        {
            throw new ArgumentException("Cancellation token is already cancelled", nameof(deadline));
        }

        using var future = Root.GetFuture();
        Root.Request(pid, message, future.Pid);
        var answer = MessageEnvelope.UnwrapMessage(await future.GetTask(deadline).ConfigureAwait(false));
        return answer switch
        {
            DeadLetterResponse { Target: { } target } when target.Id == pid.Id && target.Address == pid.Address =>
                throw new NotDeliveredException(pid),
            DeadLetterResponse => throw new DeadLetterException(pid),
            null => default!,
            TReply reply => reply,
            _ => throw new InvalidOperationException($"Unexpected message. Was type {answer.GetType()} but expected {typeof(TReply)}"),
        };
    }

    /// <summary>
    /// A request that met a dead letter reached no process, so asking again cannot deliver it twice. The pid stopped
    /// between the lookup and the request, or its name is moving (handoff: the old pid is registered again as a
    /// forwarder a moment after its worker stops, and Proto drops a message that lands in between). So the name is
    /// looked up again and the request retried a few times within a few hundred milliseconds and the caller's
    /// deadline; a name that is gone by then is not found.
    /// </summary>
    private async Task<TReply> AfterDeadLetter<TReply>(string name, object message, CancellationToken deadline)
    {
        var delay = FirstDeadLetterRetry;
        for (var attempt = 0; attempt < DeadLetterRetries; attempt++)
        {
            await Task.Delay(delay, deadline).ConfigureAwait(false);
            if (_runtime.Route.Resolve(name) is not { } pid)
            {
                break;
            }

            try
            {
                return await Ask<TReply>(pid, message, deadline).ConfigureAwait(false);
            }
            catch (NotDeliveredException)
            {
                delay *= 2;
            }
            catch (DeadLetterException)
            {
                break;
            }
        }

        throw new SwormNameNotFoundException(SwormName, name);
    }

    private const int DeadLetterRetries = 5;
    private static readonly TimeSpan FirstDeadLetterRetry = TimeSpan.FromMilliseconds(10);
}
