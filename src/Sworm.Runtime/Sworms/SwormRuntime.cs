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
    public Cluster Cluster => _cluster;
    public string Name => Settings.Name;

    /// <summary>
    /// The sworm's cluster kind: its activations are the names' delegates. A handoff sworm places them with
    /// <see cref="HandoffMemberStrategy"/> (never on a leaving member), so a moving name's successor lands on a member that stays.
    /// </summary>
    public ClusterKind Kind()
    {
        var kind = new ClusterKind(Settings.Kind, Props.FromProducer(() =>
            new DelegateActor(Settings, new WorkerActivator(_services), Specs, Registry, Topology, Handoffs, Logger)).WithMailbox(NameMailbox.Create));
        return Settings.Options.Handoff ? kind.WithMemberStrategy(_ => new HandoffMemberStrategy(Handoffs)) : kind;
    }

    /// <summary>
    /// Connects the sworm to its member's cluster, once the actor system exists (before it starts), with a fresh replica:
    /// a member that rejoins under a new identity binds again, and nothing of its previous incarnation is kept.
    /// </summary>
    public void Bind(Cluster cluster)
    {
        _cluster = cluster;
        Registry = new RegistryClient(Settings, new RegistryReplica());
        Topology = new SwormTopology(cluster, Settings.Kind, Lifecycle);
        Specs = new SpecReplicator(Settings, Topology, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Failover"));
        Route = new NameRoute(Registry.Replica, cluster.System);
        Handoffs = new Handoffs(Settings, _declaration, Topology);
    }

    /// <summary>The sworm's steps in its member's start.</summary>
    public IEnumerable<IMemberStep> StartSteps(TimeSpan joinTimeout)
    {
        IEnumerable<IMemberStep> steps = [new RegistrySyncStep(Settings, Registry, _cluster.System.Root, joinTimeout, Logger)];
        return Settings.Options.RebalanceOnJoin && Handoffs.Enabled
            ? steps.Append(new Rebalancer(Settings, Handoffs, Topology, Registry, _cluster, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Handoff")))
            : steps;
    }

    /// <summary>The sworm's steps in its member's graceful leave.</summary>
    public IEnumerable<IMemberStep> LeaveSteps() =>
    [
        new HandoffStep(Settings, Handoffs, Topology, Registry, _cluster, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Handoff")),
        new SpecHandOverStep(Settings, Specs, _cluster.System.Root, Logger),
    ];

    /// <summary>Sends <paramref name="message"/> to the delegate of <paramref name="name"/> (activating it) and waits, bounded.</summary>
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

        // Proto's cluster request first waits for JoinedCluster without a deadline; RemoteCall.Bounded bounds it.
        var cluster = _cluster;
        var reply = await RemoteCall.Bounded(
            token => cluster.RequestAsync<DelegateReply>(name, Settings.Kind, message, token),
            Name, operation, name, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
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
    /// Spawns this sworm's well-known actors (registry, spec store, handoff store) on the bound incarnation. Called
    /// once the remote listens and before any peer can learn of the member (the membership provider's
    /// <c>BeforeJoin</c> hook): Proto lists a process before its mailbox is wired, and a peer's message reaching one
    /// half-spawned would be lost with the rest of its batch.
    /// </summary>
    public void SpawnActors()
    {
        var root = _cluster.System.Root;
        var failoverLogger = _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Failover");
        Registry.LocalPid = root.SpawnNamed(
            Props.FromProducer(() => new RegistryActor(Settings, Registry.Replica, Topology) { ConflictLogger = Logger }), Settings.RegistryName);
        Specs.LocalStore = root.SpawnNamed(
            Props.FromProducer(() => new SpecStoreActor(Settings, Specs, Topology, Registry.Replica, failoverLogger)), Settings.SpecStoreName);
        if (Handoffs.Enabled)
        {
            Handoffs.LocalStore = root.SpawnNamed(
                Props.FromProducer(() => new HandoffStoreActor(Settings, Handoffs, _loggerFactory.CreateLogger("Sworm." + Settings.Name + ".Handoff"))),
                Settings.HandoffStoreName);
        }
    }
}
