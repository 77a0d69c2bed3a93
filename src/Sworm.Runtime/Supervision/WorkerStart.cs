using System.Globalization;
using Proto;
using Sworm.Configuration;
using Sworm.Registry;
using Sworm.Workers;

namespace Sworm.Supervision;

/// <summary>
/// One start of a worker, as its delegate awaits it: the worker's <c>Started</c> handler and, when the delegate asks for
/// it, the worker's publication in the registry, sent from the worker's own turn the moment <c>Started</c> has finished.
/// The delegate then resumes once, on the publication's answer, instead of once on <c>Started</c> and again on the
/// publication (a turn of the host less per new name, docs/performance.md), and nothing is published for a worker
/// whose <c>Started</c> failed or ran out of time: the registry sees what it saw when the delegate published.
///
/// <c>Started</c> has a request timeout; the awaited signal's deadline is later (one more for the publication, two when it
/// waits for a peer's acknowledgement of the spec copies it carries), so a start that runs out of time always fails as
/// a <c>Started</c> timeout. The first of the shell, the <c>Started</c> deadline and the registry to answer wins; a
/// shell that finishes after the deadline publishes nothing.
/// </summary>
internal sealed class WorkerStart
{
    private const int Starting = 0, Running = 1, Over = 2; // Running: Started finished in time

    private readonly TurnSignal<Published?> _done;
    private readonly Publication? _publication;
    private readonly string _name;
    private CancellationTokenRegistration _startDeadline;
    private int _state;

    /// <summary>What the worker publishes once <c>Started</c> has finished (the worker's pid is its own).</summary>
    /// <param name="Registry">Where it goes: this member's registry.</param>
    /// <param name="Arriving">A handoff successor (see <c>RegistryClient.Publish</c>).</param>
    /// <param name="Spec">The spec whose copies ride with the publication, if they do.</param>
    /// <param name="Host">
    /// Asked when <c>Started</c> has finished: a stopping host's steps go no further (its askers route again), so the
    /// worker is not published (one that finishes just as the host begins stopping may be, and is unpublished when the
    /// host stops it); and copies that no longer ride with a publication (a peer began leaving meanwhile) make the
    /// start answer null, so the delegate copies the spec first and then publishes.
    /// </param>
    /// <param name="Asker">The address of the other member the registration came from (see <c>RegistryClient.Publish</c>).</param>
    public sealed record Publication(RegistryClient Registry, bool Arriving, WorkerSpec? Spec, IWorkerHost Host, string? Asker = null);

    /// <param name="host">The name host whose delegate awaits <see cref="Done"/>.</param>
    /// <param name="settings">The sworm's timeouts.</param>
    /// <param name="name">The worker's name, for the timeout's message.</param>
    /// <param name="publication">Null: <see cref="Done"/> answers null once <c>Started</c> has finished, and the delegate publishes.</param>
    public WorkerStart(IContext host, SwormSettings settings, string name, Publication? publication)
    {
        _name = name;
        _publication = publication;
        StartTimeout = settings.RequestTimeout;
        var budget = publication?.Spec is null ? 2 : 3;
        _done = new TurnSignal<Published?>(host, SharedDeadlines.After(settings.RequestTimeout * budget),
            "Starting worker '{0}' and publishing it in sworm '{1}'", name, settings.Name);
        _startDeadline = settings.RequestDeadline().UnsafeRegister(static s => ((WorkerStart)s!).OnStartDeadline(), this);
    }

    /// <summary>What the delegate awaits: the publication's answer (null without one), or why the start failed.</summary>
    public TurnSignal<Published?> Done => _done;

    /// <summary>The <c>Started</c> handler did not finish within <see cref="StartTimeout"/>.</summary>
    public bool StartTimedOut { get; private set; }

    /// <summary>The <c>Started</c> handler finished in time: a failure of <see cref="Done"/> is the publication's.</summary>
    public bool HasStarted => Volatile.Read(ref _state) == Running;

    /// <summary>How long the <c>Started</c> handler may run.</summary>
    public TimeSpan StartTimeout { get; }

    /// <summary>The worker's <c>Started</c> handler finished; <paramref name="worker"/> is the worker's own context.</summary>
    public void Started(IContext worker)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Starting) != Starting)
        {
            return; // past its deadline: the delegate stops this worker
        }

        _startDeadline.Unregister();
        try
        {
            switch (_publication)
            {
                case null:
                case { Spec: not null, Host.CarriesCopies: false }:
                    _done.TrySetResult(null); // the delegate publishes (after copying the spec)
                    break;
                case { Host.Stopping: true }:
                    _done.TrySetException(new SwormUnavailableException($"The worker of '{_name}' is not published: its member is stopping."));
                    break;
                case var publication:
                    // From the worker's own turn, before it handles any other message: its stop (told to the registry by
                    // the host) cannot overtake its publication.
                    publication.Registry.Publish(worker, _name, worker.Self, _done, publication.Arriving, publication.Spec, publication.Asker);
                    break;
            }
        }
        catch (Exception e)
        {
            _done.TrySetException(e); // the registry is gone (its member stops): the step fails now, not at its deadline
        }
    }

    /// <summary>The worker's <c>Started</c> handler threw <paramref name="error"/>.</summary>
    public void Failed(Exception error)
    {
        if (Interlocked.CompareExchange(ref _state, Over, Starting) == Starting)
        {
            _startDeadline.Unregister();
            _done.TrySetException(error);
        }
    }

    /// <summary>The worker was never spawned: the deadline lets go of this start now.</summary>
    public void NotSpawned()
    {
        Interlocked.Exchange(ref _state, Over);
        _startDeadline.Unregister();
    }

    private void OnStartDeadline()
    {
        if (Interlocked.CompareExchange(ref _state, Over, Starting) == Starting)
        {
            StartTimedOut = true;
            _done.TrySetException(new TimeoutException(string.Format(CultureInfo.InvariantCulture,
                "The Started handler of worker '{0}' did not finish within {1:0.###} s.", _name, StartTimeout.TotalSeconds)));
        }
    }
}
