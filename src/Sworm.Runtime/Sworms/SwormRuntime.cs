using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Supervision;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Handoff;
using Sworm.Supervision.Placement;
using Sworm.Workers;

namespace Sworm.Sworms;

/// <summary>
/// One sworm on one member: composes its collaborators (topology view, registry client, spec replicator, worker
/// activator), gives each actor only what it needs, and owns the sworm's cluster kind and its start and leave steps.
/// </summary>
internal sealed class SwormRuntime
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly IServiceProvider _services;
    private readonly SwormDeclaration? _declaration;
    private Cluster _cluster = null!;

    public SwormRuntime(SwormSettings settings, MemberLifecycle lifecycle, IServiceProvider services, ILoggerFactory loggerFactory, SwormDeclaration? declaration = null)
    {
        Settings = settings;
        _declaration = declaration;
        Lifecycle = lifecycle;
        _services = services;
        _loggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger("Sworm." + settings.Name);
    }

    public SwormSettings Settings { get; }
    public MemberLifecycle Lifecycle { get; }
    public ILogger Logger { get; }
    public RegistryClient Registry { get; private set; } = null!;
    public SwormTopology Topology { get; private set; } = null!;
    public SpecReplicator Specs { get; private set; } = null!;
    public NameRoute Route { get; private set; } = null!;
    public Handoffs Handoffs { get; private set; } = null!;
    public NameHosts Hosts { get; private set; } = null!;
    public Cluster Cluster => _cluster;
    public string Name => Settings.Name;

    /// <summary>
    /// The sworm's cluster kind: members advertise it, so every member knows which members run the sworm
    /// (<see cref="SwormTopology"/>). Nothing is activated through it: delegates are slots in the name hosts
    /// (<see cref="NameHostActor"/>), placed by <see cref="NameHosts"/>, and workers the hosts' children.
    /// </summary>
    public ClusterKind Kind() => new(Settings.Kind, Props.FromFunc(_ => Task.CompletedTask));

    /// <summary>
    /// Connects the sworm to its member's cluster, once the actor system exists (before it starts), with a fresh replica:
    /// a member that rejoins under a new identity binds again, and nothing of its previous incarnation is kept.
    /// </summary>
    public void Bind(Cluster cluster)
    {
        _cluster = cluster;
        Registry = new RegistryClient(Settings, new RegistryReplica());
        Topology = new SwormTopology(cluster, Settings.Kind, Lifecycle);
        Specs = new SpecReplicator(Settings, Topology, Registry, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Failover"));
        Route = new NameRoute(Registry.Replica, cluster.System);
        Hosts = new NameHosts(Settings, Topology, Registry.Replica, cluster.System);
        Handoffs = new Handoffs(Settings, _declaration, Topology, Hosts);
    }

    /// <summary>The sworm's steps in its member's start.</summary>
    public IEnumerable<IMemberStep> StartSteps(TimeSpan joinTimeout)
    {
        IEnumerable<IMemberStep> steps = [new RegistrySyncStep(Settings, Registry, _cluster.System.Root, joinTimeout, Logger)];
        return Settings.Options.RebalanceOnJoin && Handoffs.Enabled
            ? steps.Append(new Rebalancer(Settings, Handoffs, Topology, Registry, _cluster, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Handoff")))
            : steps;
    }

    /// <summary>
    /// Stops the name host, and with it every delegate and worker of the sworm on this incarnation (after the leave
    /// steps moved or handed over what must survive), before Proto's shutdown, which would leave them running in
    /// memory. A delegate stops after its current turn, whose remote calls are each bounded by the request timeout;
    /// so the wait is bounded by a few of those, and a worker stuck in its own handler past that is logged.
    /// </summary>
    public async Task StopNameHost()
    {
        if (Hosts.Local is not { } host)
        {
            return;
        }

        var bound = Settings.RequestTimeout * StopTimeouts;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await _cluster.System.Root.StopAsync(host).WaitAsync(bound).ConfigureAwait(false);
            if (clock.Elapsed > TimeSpan.FromSeconds(1))
            {
                Logger.LogInformation("Sworm {Sworm}: its delegates and workers took {Elapsed} ms to stop", Name, (long)clock.Elapsed.TotalMilliseconds);
            }
        }
        catch (TimeoutException)
        {
            Logger.LogWarning("Sworm {Sworm}: some delegates or workers did not stop within {Timeout} s (a worker stuck in a handler?)", Name, bound.TotalSeconds);
        }
    }

    private const int StopTimeouts = 4;

    /// <summary>The sworm's steps in its member's graceful leave.</summary>
    public IEnumerable<IMemberStep> LeaveSteps() =>
    [
        new HandoffStep(Settings, Handoffs, Topology, Registry, _cluster, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Handoff")),
        new SpecHandOverStep(Settings, Specs, _cluster.System.Root, Logger),
    ];

    /// <summary>Sends <paramref name="message"/> to the delegate of <paramref name="name"/> (starting it) and waits, bounded.</summary>
    /// <exception cref="SwormUnavailableException">The member does not serve calls, or no member runs the sworm.</exception>
    /// <exception cref="SwormTimeoutException">No answer within the request timeout.</exception>
    public async Task<DelegateReply> AskDelegate(string name, object message, string operation, CancellationToken cancellationToken)
    {
        Lifecycle.EnsureRunning(Name, operation);
        if (message is RegisterSupervised { Restore: false } or ClaimName)
        {
            Lifecycle.Quorum.Ensure(Name, operation);
        }

        if (Topology.Members().Length == 0)
        {
            throw new SwormUnavailableException(
                $"No member of the cluster runs sworm '{Name}', so {operation} has nowhere to go. Add it on at least one member with AddSworm<{Name}>().");
        }

        // NameHosts.Ask honours its token (a Proto request, retried after a delay that takes the token too).
        var reply = await RemoteCall.Bounded(
            static (s, token) => s.Hosts.Ask(s.name, s.message, token), (Hosts, name, message),
            Name, operation, name, Settings.RequestTimeout, cancellationToken, honoursToken: true).ConfigureAwait(false);
        return reply ?? throw RemoteCall.TimedOut(Name, operation, name, Settings.RequestTimeout, null);
    }

    /// <summary>Every spec this incarnation knows, to carry across a rejoin (see <see cref="CarriedSpecs"/>).</summary>
    public Task<CarriedSpecs> ExportSpecs() => Specs.LocalStore is { } store
        ? _cluster.System.Root.RequestAsync<CarriedSpecs>(store, global::Sworm.Supervision.Failover.ExportSpecs.Instance, Settings.RequestTimeout)
        : Task.FromResult(new CarriedSpecs([]));

    /// <summary>Gives specs carried from the previous incarnation to this one's store, which restores what runs nowhere.</summary>
    public void AdoptSpecs(CarriedSpecs carried) => _cluster.System.Root.Send(Specs.LocalStore!, carried);

    /// <summary>The states of this incarnation's handoff workers, captured before a rejoin stops it (see <see cref="ConflictCarry"/>).</summary>
    public Task<ConflictStateCaptured[]> CaptureConflictStates() => ConflictCarry.Capture(_cluster.System.Root, Handoffs, Logger);

    /// <summary>The new incarnation delivers the captured states to the winning copies of their names as <c>ResolveConflict</c>.</summary>
    public Task DeliverConflictStates(ConflictStateCaptured[] states) =>
        states.Length == 0 ? Task.CompletedTask : ConflictCarry.Deliver(_cluster.System.Root, Registry.Replica, Topology, Settings, states, Logger);

    /// <summary>The spec store's counts (diagnostics and tests).</summary>
    public Task<SpecStoreStatus> SpecStoreStatus() =>
        _cluster.System.Root.RequestAsync<SpecStoreStatus>(Specs.LocalStore!, SpecStoreStatusRequest.Instance, Settings.RequestTimeout);

    /// <summary>
    /// Spawns this sworm's well-known actors (name host, registry, spec store, handoff store) on the bound incarnation. Called
    /// once the remote listens and before any peer can learn of the member (the membership provider's
    /// <c>BeforeJoin</c> hook): Proto lists a process before its mailbox is wired, and a peer's message reaching one
    /// half-spawned would be lost with the rest of its batch.
    /// </summary>
    public void SpawnActors()
    {
        var root = _cluster.System.Root;
        var activator = new WorkerActivator(_services);
        // A table per incarnation of the host: a restart of the host (Proto stops its children first) starts empty.
        Hosts.Local = root.SpawnNamed(
            Props.FromProducer(() => new NameHostActor(Hosts, new NameDelegates(Settings, activator, Specs, Registry, Topology, Handoffs, Logger))),
            Settings.NameHostName);
        var failoverLogger = _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Failover");
        Registry.LocalPid = root.SpawnNamed(
            Props.FromProducer(() => new RegistryActor(Settings, Registry.Replica, Topology) { Logger = Logger }), Settings.RegistryName);
        Specs.LocalStore = root.SpawnNamed(
            Props.FromProducer(() => new SpecStoreActor(Settings, Specs, Topology, Registry.Replica, Hosts, failoverLogger)), Settings.SpecStoreName);
        if (Handoffs.Enabled)
        {
            Handoffs.LocalStore = root.SpawnNamed(
                Props.FromProducer(() => new HandoffStoreActor(Settings, Handoffs, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Handoff"))),
                Settings.HandoffStoreName);
        }
    }
}
