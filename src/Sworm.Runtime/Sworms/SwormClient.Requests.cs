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
            return await Root.RequestAsync<TReply>(pid, message, deadline).ConfigureAwait(false);
        }
        catch (DeadLetterException)
        {
            // The process stopped between the lookup and the request.
            throw new SwormNameNotFoundException(SwormName, name);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or ArgumentException && deadline.IsCancellationRequested)
        {
            // ArgumentException: Proto refuses a token that is already cancelled (a shared one can expire at the call).
            throw RemoteCall.TimedOut(SwormName, nameof(Request), name, limit, e);
        }
    }
}
