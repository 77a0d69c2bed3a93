using Proto;

namespace Sworm.Supervision;

/// <summary>
/// The actor Proto runs for a worker: the application's actor, plus the start signal the delegate waits on, so that
/// <c>RegisterName</c> answers only once the worker's <c>Started</c> handler finished, and can report the exception of
/// one that failed to start. Every other message goes straight to the application's actor. A wrapper rather than a
/// receiver middleware: a middleware makes Proto wrap every message in an envelope and keep per-actor extras, and
/// needs a Props per worker (measured by <c>bench</c>, heap per name).
/// </summary>
internal sealed class WorkerShell(IActor worker, TaskCompletionSource started) : IActor
{
    // Dropped once signalled: a worker lives long, its start signal does not.
    private TaskCompletionSource? _started = started;

    public Task ReceiveAsync(IContext context) =>
        context.Message is Started ? OnStarted(context) : worker.ReceiveAsync(context);

    private async Task OnStarted(IContext context)
    {
        try
        {
            await worker.ReceiveAsync(context).ConfigureAwait(false);
            _started?.TrySetResult();
        }
        catch (Exception e)
        {
            _started?.TrySetException(e);
            throw;
        }
        finally
        {
            _started = null;
        }
    }
}
