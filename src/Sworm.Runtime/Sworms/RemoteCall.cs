using Proto;
using Sworm.Configuration;

namespace Sworm.Sworms;

/// <summary>
/// One mapping of deadlines, cancellation and Proto's failures for every remote call the client makes: the caller
/// sees its own cancellation, or a <see cref="SwormTimeoutException"/> that says what timed out.
///
/// The deadline is enforced here, on the awaited task, not only through the token handed to the call: Proto 1.8's
/// <c>Cluster.RequestAsync</c> first awaits <c>Cluster.JoinedCluster</c> without the token, and that task never
/// completes on an incarnation that is shut down (or blocked) before it saw itself join. Trusting the token left
/// 64 <c>RegisterName</c> calls pending for over 5 minutes in the 800,000-name scale run.
/// </summary>
internal static class RemoteCall
{
    public static Task<T> Bounded<T>(Func<CancellationToken, Task<T>> call, string sworm, string operation, string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        Bounded(static (call, token) => call(token), call, sworm, operation, key, timeout, cancellationToken);

    /// <summary>
    /// Like <see cref="Bounded{T}(Func{CancellationToken, Task{T}}, string, string, string, TimeSpan, CancellationToken)"/>,
    /// with the call's state passed in (no closure per call). <paramref name="honoursToken"/>: the call ends its own wait
    /// when the token is cancelled (a plain Proto request does), so no second wait is put around it.
    /// </summary>
    public static async Task<T> Bounded<TState, T>(Func<TState, CancellationToken, Task<T>> call, TState state, string sworm, string operation, string key,
        TimeSpan timeout, CancellationToken cancellationToken, bool honoursToken = false)
    {
        // A caller without a token of its own shares a deadline token: no token source and timer per call.
        using var linked = cancellationToken.CanBeCanceled || timeout <= TimeSpan.Zero ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        linked?.CancelAfter(timeout);
        var deadline = linked?.Token ?? SharedDeadlines.After(timeout);
        try
        {
            // WaitAsync ends the wait at the deadline even if the call ignores its token (see the summary).
            var task = call(state, deadline);
            return await (honoursToken ? task : task.WaitAsync(deadline)).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // Proto reports a cancelled request as a timeout; the caller should see its own cancellation.
            throw e as OperationCanceledException ?? new OperationCanceledException("The call was cancelled.", e, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or DeadLetterException)
        {
            // Off the thread that cancelled a shared deadline token: the other calls timing out with it go on meanwhile.
            await Task.Yield();
            throw TimedOut(sworm, operation, key, timeout, e);
        }
    }

    public static SwormTimeoutException TimedOut(string sworm, string operation, string name, TimeSpan timeout, Exception? inner) =>
        new($"{operation}('{name}') in sworm '{sworm}' got no answer within {timeout.TotalSeconds:0.###} s. " +
            "The member that holds the name may be overloaded or unreachable; retry, or raise the timeout with WithRequestTimeout(...).", inner);
}
