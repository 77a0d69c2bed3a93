using Proto;

namespace Sworm.Supervision;

/// <summary>
/// Receiver middleware on a worker that reports whether its <c>Started</c> handler finished or threw.
/// The delegate waits on it so that <c>RegisterName</c> answers only once the worker really runs, and
/// can report the exception of a worker that failed to start.
/// </summary>
internal static class StartSignal
{
    public static Func<Receiver, Receiver> Middleware(TaskCompletionSource started) => next => async (context, envelope) =>
    {
        if (envelope.Message is not Started)
        {
            await next(context, envelope).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context, envelope).ConfigureAwait(false);
            started.TrySetResult();
        }
        catch (Exception e)
        {
            started.TrySetException(e);
            throw;
        }
    };
}
