using Proto;
using Sworm.Workers;

namespace Sworm.Supervision;

/// <summary>What happens when the supervised worker stops: restart by the sworm's strategy and intensity, or let the name go.</summary>
internal sealed partial class DelegateActor
{
    /// <summary>
    /// The worker may have stopped before its <c>Terminated</c> reached this mailbox (Proto drops a stopped actor from
    /// its registry before it tells watchers, so a local watcher can already know). Handle the stop now, so a request
    /// never gets the dead pid as the holder of the name; the late <c>Terminated</c> then no longer matches.
    /// </summary>
    private async Task SettleStoppedWorker(IContext context)
    {
        if (_worker is { } worker && !_stopping && context.System.HasStopped(worker))
        {
            await OnWorkerStopped(context).ConfigureAwait(false);
        }
    }

    private async Task OnWorkerStopped(IContext context)
    {
        var stopped = _worker!;
        var crashed = _workerFailure is not null;
        _workerFailure = null;
        _worker = null;

        var restart = settings.Options.Restart switch
        {
            RestartStrategy.Permanent => true,
            RestartStrategy.Transient => crashed,
            _ => false,
        };

        while (restart)
        {
            _intensity ??= new RestartIntensity(settings.Options.MaxRestarts, settings.Options.MaxRestartsWindow, TimeProvider.System);
            if (!_intensity.TryRecord())
            {
                Log.GaveUp(logger, settings.Name, _name, settings.Options.MaxRestarts, settings.Options.MaxRestartsWindow);
                Raise(context, new WorkerGaveUp(settings.Name, _name, settings.Options.MaxRestarts, settings.Options.MaxRestartsWindow));
                break;
            }

            var (pid, failure) = await StartWorker(context).ConfigureAwait(false);
            if (pid is not null)
            {
                _worker = pid;
                handoffs.WorkerStarted(_name, context.Self);
                await registry.Publish(context, _name, pid).ConfigureAwait(false);
                Log.WorkerRestarted(logger, settings.Name, _name, pid);
                Raise(context, new WorkerRestarted(settings.Name, _name, pid));
                return;
            }

            Log.RestartFailed(logger, settings.Name, _name, failure!);
        }

        _spec = null;
        specs.Forget(context, _name);
        await registry.Unpublish(context, _name, stopped).ConfigureAwait(false);
        StopIfIdle(context);
    }
}
