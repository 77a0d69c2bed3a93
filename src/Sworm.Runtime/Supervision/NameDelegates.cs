using Microsoft.Extensions.Logging;
using Proto;
using Proto.Timers;
using Sworm.Configuration;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Handoff;
using Sworm.Workers;

namespace Sworm.Supervision;

/// <summary>
/// The delegates of one sworm on one member, kept by its name host (<c>Placement/NameHostActor.cs</c>): by name, and by
/// the worker each spawned (the host hears of every worker's failure and stop: <see cref="WorkerSupervisor"/>,
/// <see cref="WorkerShell"/>), plus what every delegate shares. Touched only in the host's turns, so nothing here locks.
/// </summary>
internal sealed class NameDelegates(
    SwormSettings settings,
    WorkerActivator activator,
    SpecReplicator specs,
    RegistryClient registry,
    SwormTopology topology,
    Handoffs handoffs,
    ILogger logger) : IWorkerHost
{
    private readonly Dictionary<string, NameDelegate> _byName = new(StringComparer.Ordinal);

    // Worker pid id → the delegate that spawned it, until the worker's shell reports its stop to the host.
    private readonly Dictionary<string, NameDelegate> _byWorker = new(StringComparer.Ordinal);

    public SwormSettings Settings => settings;
    public WorkerActivator Activator => activator;
    public SpecReplicator Specs => specs;
    public RegistryClient Registry => registry;
    public SwormTopology Topology => topology;
    public Handoffs Handoffs => handoffs;
    public ILogger Logger => logger;

    /// <summary>How workers are spawned, under this host incarnation's supervisor (set when the host starts).</summary>
    public WorkerPipeline Pipeline { get; private set; } = null!;

    /// <summary>The host started: its workers are spawned under a supervisor that reports to <paramref name="context"/>'s actor.</summary>
    public void Start(IContext context) =>
        Pipeline = new WorkerPipeline(new WorkerSupervisor(context.Self, context.System, settings.Name, logger), handoffs);

    /// <summary>The failure of <paramref name="worker"/> its supervisor recorded, if it failed (taken: asked once).</summary>
    public Exception? TakeFailure(PID worker) => Pipeline.Supervisor.TakeFailure(worker);

    /// <summary>The member stops (its host is stopping): delegates restart nothing and serve no request.</summary>
    public bool Stopping { get => _stopping; set => _stopping = value; }

    // Read on workers' threads too (a worker's start publishes nothing once its host stops: WorkerStart).
    private volatile bool _stopping;

    /// <inheritdoc />
    public bool CarriesCopies => specs.CarriesCopies;

    /// <summary>Called when a delegate for a name is dropped (the host withdraws its pointer at the name's owner).</summary>
    public Action<IContext, string>? Dropped { get; set; }

    public bool TryGet(string name, out NameDelegate nameDelegate) => _byName.TryGetValue(name, out nameDelegate!);

    public NameDelegate Add(string name)
    {
        var added = new NameDelegate(this, name);
        _byName.Add(name, added);
        return added;
    }

    /// <summary>The names that have a delegate here (post nothing while walking them: posting can drop a delegate).</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Posts <paramref name="message"/> to the name's delegate; false when the name has none here.</summary>
    public bool Post(IContext context, string name, object message, PID? sender)
    {
        if (!_byName.TryGetValue(name, out var nameDelegate))
        {
            return false;
        }

        nameDelegate.Post(context, message, sender);
        return true;
    }

    public void Spawned(PID worker, NameDelegate nameDelegate) => _byWorker[worker.Id] = nameDelegate;

    /// <summary>
    /// A worker stopped: its delegate, if it is still the name's, handles it (as a <see cref="Terminated"/>) and tells the
    /// registry (it does not watch workers) in order with its own steps; otherwise (or while the host stops) the
    /// registry is told here.
    /// </summary>
    public void Stopped(IContext context, PID worker)
    {
        if (_byWorker.Remove(worker.Id, out var nameDelegate) && IsCurrent(nameDelegate) && !Stopping)
        {
            nameDelegate.Post(context, new Terminated { Who = worker, Why = TerminatedReason.Stopped }, null);
            return;
        }

        TakeFailure(worker); // no delegate decides on it
        registry.WorkerStopped(context, worker);
    }

    /// <summary>
    /// The host stops (or restarts): stops every worker it has, and completes once every live worker has exited, as
    /// Proto stops a parent's children before the parent; the registry is told of each (their <see cref="WorkerExited"/>
    /// reach the stopping host no more).
    /// </summary>
    public async Task StopWorkers(IContext context)
    {
        var workers = _byWorker.Keys.Select(id => PID.FromAddress(context.Self.Address, id)).ToArray();
        _byWorker.Clear();
        await Pipeline.Supervisor.StopAll(workers).ConfigureAwait(false);
        foreach (var worker in workers)
        {
            registry.WorkerStopped(context, worker);
        }
    }

    /// <summary>A delegate drained its queue: dropped if idle, else kept (a tombstone is looked at again when it expires).</summary>
    public void Settled(IContext context, NameDelegate nameDelegate)
    {
        if (!IsCurrent(nameDelegate))
        {
            return;
        }

        if (nameDelegate.CanGo(out var tombstone))
        {
            _byName.Remove(nameDelegate.Name);
            handoffs.Released(nameDelegate.Name, nameDelegate);
            Dropped?.Invoke(context, nameDelegate.Name);
        }
        else if (tombstone > TimeSpan.Zero)
        {
            context.Scheduler().SendOnce(tombstone, context.Self, new TombstoneExpired(nameDelegate.Name));
        }
    }

    /// <summary>The host stops: every delegate's waiting askers are told to route again (see <see cref="NameDelegate.Abandon"/>).</summary>
    public void Abandon(IContext context)
    {
        foreach (var nameDelegate in _byName.Values)
        {
            nameDelegate.Abandon(context);
        }
    }

    /// <summary>A tombstone's time is up: the delegate goes if nothing was registered under the name since.</summary>
    public void Expired(IContext context, string name)
    {
        if (_byName.TryGetValue(name, out var nameDelegate))
        {
            Settled(context, nameDelegate);
        }
    }

    private bool IsCurrent(NameDelegate nameDelegate) =>
        _byName.TryGetValue(nameDelegate.Name, out var current) && ReferenceEquals(current, nameDelegate);
}
