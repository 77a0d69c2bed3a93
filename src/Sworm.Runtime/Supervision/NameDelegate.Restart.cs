using Proto;
using Sworm.Workers;

namespace Sworm.Supervision;

/// <summary>What happens when the supervised worker stops: restart by the sworm's strategy and intensity, or let the name go.</summary>
internal sealed partial class NameDelegate
{
    /// <summary>
    /// The worker may have stopped before its <c>Terminated</c> reached the host (Proto drops a stopped actor from
    /// its registry before it tells watchers, so a local watcher can already know). Handle the stop now, so a request
    /// never gets the dead pid as the holder of the name; the late <c>Terminated</c> then no longer matches.
    /// </summary>
    private async Task SettleStoppedWorker(IContext context)
    {
        if (_worker is { } worker && !Stopping && context.System.HasStopped(worker))
        {
            await OnWorkerStopped(context).InTurn(context);
        }
    }

    private async Task OnWorkerStopped(IContext context)
    {
        var stopped = _worker!;
        // Recorded by its supervisor before the worker was stopped, so known here even when this delegate saw the
        // worker gone before its exit message reached the host.
        var crash = all.TakeFailure(stopped);
        var crashed = crash is not null;
        if (crashed)
        {
            Log.WorkerCrashed(Logger, Settings.Name, _name, crash!);
        }

        _worker = null;

        var restart = Settings.Options.Restart switch
        {
            RestartStrategy.Permanent => true,
            RestartStrategy.Transient => crashed,
            _ => false,
        };

        while (restart)
        {
            _intensity ??= new RestartIntensity(Settings.Options.MaxRestarts, Settings.Options.MaxRestartsWindow, TimeProvider.System);
            if (!_intensity.TryRecord())
            {
                Log.GaveUp(Logger, Settings.Name, _name, Settings.Options.MaxRestarts, Settings.Options.MaxRestartsWindow);
                Raise(context, new WorkerGaveUp(Settings.Name, _name, Settings.Options.MaxRestarts, Settings.Options.MaxRestartsWindow));
                break;
            }

            // Published by the worker's shell once Started has finished (its spec copies stay where they are).
            var publication = new WorkerStart.Publication(Registry, Arriving: false, Spec: null, all);
            var (pid, failure, _) = await StartWorker(context, publication: publication).InTurn(context);
            if (pid is null && Stopping)
            {
                // Its member stops: the name's copies elsewhere restore it; nothing is given up or forgotten here.
                return;
            }

            if (pid is not null)
            {
                _worker = pid;
                Log.WorkerRestarted(Logger, Settings.Name, _name, pid);
                Raise(context, new WorkerRestarted(Settings.Name, _name, pid));
                return;
            }

            Log.RestartFailed(Logger, Settings.Name, _name, failure!);
        }

        _spec = null;
        Specs.Forget(context, _name);
        await Registry.Unpublish(context, _name, stopped).InTurn(context);
    }
}
