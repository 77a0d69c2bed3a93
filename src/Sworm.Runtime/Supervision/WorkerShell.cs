using Proto;

namespace Sworm.Supervision;

/// <summary>
/// The actor Proto runs for a worker: the application's actor, plus the start the delegate waits on, so that
/// <c>RegisterName</c> answers only once the worker's <c>Started</c> handler finished and the worker is published
/// (<see cref="WorkerStart"/>), and can report the exception of one that failed to start. Every other message goes
/// straight to the application's actor. A wrapper rather than a
/// receiver middleware: a middleware makes Proto wrap every message in an envelope and keep per-actor extras, and
/// needs a Props per worker (measured by <c>bench</c>, heap per name).
///
/// Workers are not the host's children (<see cref="WorkerSupervisor"/>), so the shell reports the stop to their supervisor:
/// Proto disposes the actor after the whole <c>Stopped</c> chain ran (a handoff's forwarder is in place by then) and
/// just before it would tell a parent, and the shell disposes the application's actor there too, as Proto does an
/// actor of its own (<see cref="IAsyncDisposable"/>, else <see cref="IDisposable"/>).
/// </summary>
internal sealed class WorkerShell(IActor worker, WorkerStart started, WorkerSupervisor supervisor) : IActor, IAsyncDisposable
{
    // Dropped at Started: a worker lives long, its start does not.
    private WorkerStart? _started = started;

    // The worker's own context, for its pid when it is disposed (Proto delivers Started before anything else).
    private IContext? _context;

    public Task ReceiveAsync(IContext context) =>
        context.Message is Started ? OnStarted(context) : worker.ReceiveAsync(context);

    public ValueTask DisposeAsync()
    {
        if (worker is IAsyncDisposable asyncDisposable)
        {
            return DisposeThenTell(asyncDisposable);
        }

        try
        {
            (worker as IDisposable)?.Dispose();
        }
        catch (Exception e)
        {
            // Thrown out of Proto's last stop step, it would keep the worker's watchers (and its delegate) waiting.
            supervisor.DisposeFailed(_context?.Self, e);
        }

        supervisor.Exited(_context?.Self); // counted even without a pid: a stopping host waits on the count
        return ValueTask.CompletedTask;
    }

    private async ValueTask DisposeThenTell(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            supervisor.DisposeFailed(_context?.Self, e);
        }

        supervisor.Exited(_context?.Self); // counted even without a pid: a stopping host waits on the count
    }

    private async Task OnStarted(IContext context)
    {
        _context = context;
        var started = _started;
        _started = null;
        try
        {
            await worker.ReceiveAsync(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            started?.Failed(e);
            throw;
        }

        // Outside the try: a failure to publish is the start's (it fails the delegate's wait), not the worker's.
        started?.Started(context);
    }
}
