using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.DependencyInjection;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Sworm.Diagnostics;
using Sworm.Membership;

namespace Sworm;

/// <summary>
/// This process's membership in a Sworm cluster, one per DI container (so several members can share a
/// process): the Proto <see cref="ActorSystem"/> and <see cref="Proto.Cluster.Cluster"/>, one
/// <see cref="SwormRuntime"/> per sworm added on this member, and the start and stop order.
/// </summary>
internal sealed partial class SwormMember : IAsyncDisposable
{
    private readonly Dictionary<string, SwormRuntime> _sworms = new(StringComparer.Ordinal);
    private readonly ILogger<SwormMember> _logger;
    private readonly ILoggerFactory _loggerFactory;
    private volatile MemberState _state = MemberState.NotStarted;

    public SwormMember(
        SwormClusterOptions options,
        IEnumerable<SwormRegistration> registrations,
        IOptionsMonitor<SwormOptions> swormOptions,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
    {
        options.Validate();
        Options = options;
        Services = services;
        _logger = loggerFactory.CreateLogger<SwormMember>();

        _loggerFactory = loggerFactory;

        foreach (var registration in registrations)
        {
            var declaration = registration.Declaration;
            var resolved = swormOptions.Get(declaration.Name);
            resolved.Validate(declaration.Name);
            _sworms.Add(declaration.Name, new SwormRuntime(this, declaration, resolved, loggerFactory.CreateLogger("Sworm." + declaration.Name)));
        }

        var membership = new SeedNodeOptions(options.SeedNodes.ToArray())
        {
            GossipInterval = options.GossipInterval,
            SuspectAfter = options.SuspectAfter,
            HeartbeatExpiration = options.HeartbeatExpiration,
            JoinTimeout = options.JoinTimeout,
        };
        var clusterConfig = ClusterConfig
            .Setup(options.ClusterName, new SeedNodeProvider(membership), new PartitionIdentityLookup())
            .WithActorRequestTimeout(options.RequestTimeout)
            .WithActorActivationTimeout(options.RequestTimeout)
            .WithHeartbeatExpiration(membership.ProtoHeartbeatExpiration)
            .WithGossipInterval(options.GossipInterval)
            .WithClusterKinds(_sworms.Values.Select(s => new ClusterKind(s.Kind, s.DelegateProps())).ToArray());

        System = new ActorSystem(ActorSystemConfig.Setup())
            .WithServiceProvider(services)
            .WithRemote(RemoteConfig.BindTo(options.Host, options.Port))
            .WithCluster(clusterConfig);
        Cluster = System.Cluster();
    }

    public SwormClusterOptions Options { get; }
    public IServiceProvider Services { get; }
    public ActorSystem System { get; }
    public Cluster Cluster { get; }
    public MemberState State => _state;

    public SwormClient Client(string sworm) => new(_sworms[sworm]);

    /// <summary>One sworm's runtime on this member (for tests and diagnostics).</summary>
    internal SwormRuntime RuntimeOf(string sworm) => _sworms[sworm];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_state != MemberState.NotStarted)
        {
            throw new InvalidOperationException("This Sworm member was already started; a member starts once per host.");
        }

        _state = MemberState.Starting;
        ProtoLogging.Attach(_loggerFactory);
        try
        {
            await Cluster.StartMemberAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sworm in _sworms.Values)
            {
                sworm.RegistryPid = System.Root.SpawnNamed(sworm.RegistryProps(), sworm.RegistryName);
                sworm.SpecStorePid = System.Root.SpawnNamed(sworm.SpecStoreProps(), sworm.SpecStoreName);
            }

            await AwaitRegistries(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _state = MemberState.Stopped;
            // Graceful even here: Proto 1.8.0's non-graceful shutdown waits ~30 s on its open connections.
            await ShutdownQuietly(graceful: true).ConfigureAwait(false);
            ProtoLogging.Detach(_loggerFactory);
            throw;
        }

        _state = MemberState.Running;
        Log.Started(_logger, System.Address, Options.ClusterName, string.Join(", ", _sworms.Keys));
    }

    /// <summary>Before leaving, every spec hosted here is copied to every other member (see SpecStoreActor.HandOver).</summary>
    private async Task HandOverSpecs()
    {
        foreach (var sworm in _sworms.Values.Where(s => s.CopiesSpecs && s.SpecStorePid is not null))
        {
            try
            {
                // Each batch request is bounded by RequestTimeout; this bound only guards against a stuck store.
                var handedOver = await System.Root.RequestAsync<Protocol.SpecsHandedOver>(sworm.SpecStorePid!, new Protocol.HandOverSpecs(), Options.RequestTimeout * 4)
                    .ConfigureAwait(false);
                Log.HandedOver(_logger, sworm.Name, handedOver.Specs, handedOver.Members - handedOver.Failed, handedOver.Members);
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Log.HandOverTimedOut(_logger, sworm.Name, e);
            }
        }
    }

    /// <summary>A joiner starts serving only once it holds every peer's part of the registry (a late joiner sees it all).</summary>
    private async Task AwaitRegistries(CancellationToken cancellationToken)
    {
        foreach (var sworm in _sworms.Values)
        {
            try
            {
                await System.Root.RequestAsync<Protocol.RegistrySynced>(sworm.RegistryPid!, new Protocol.AwaitRegistrySynced(), cancellationToken)
                    .WaitAsync(Options.JoinTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A peer that does not answer must not keep this member down; its part arrives when it answers.
                Log.RegistryNotSynced(_logger, sworm.Name, Options.JoinTimeout);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_state is not (MemberState.Running or MemberState.Starting))
        {
            return;
        }

        _state = MemberState.Stopping;
        await HandOverSpecs().ConfigureAwait(false);
        await ShutdownQuietly(graceful: true).ConfigureAwait(false);
        _state = MemberState.Stopped;
        Log.Stopped(_logger, System.Address);
        ProtoLogging.Detach(_loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_state is MemberState.Running or MemberState.Starting)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Throws the exception a caller should see when the member cannot serve calls.</summary>
    public void EnsureRunning(string sworm, string operation)
    {
        switch (_state)
        {
            case MemberState.Running:
                return;
            case MemberState.NotStarted or MemberState.Starting:
                throw new SwormUnavailableException(
                    $"{sworm}.{operation} was called before the Sworm member started. Start the host first (IHost.StartAsync or RunAsync), then call it.");
            default:
                throw new SwormUnavailableException(
                    $"{sworm}.{operation} was called after the Sworm member stopped (its host is stopping or stopped). Calls are served only while the host runs.");
        }
    }

    /// <summary>Whether <paramref name="address"/> is this member or a member of the current topology.</summary>
    public bool IsLiveAddress(string address) =>
        address == System.Address || Cluster.MemberList.GetAllMembers().Any(m => m.Address == address);

    /// <summary>Whether the member at <paramref name="address"/> runs the sworm of <paramref name="kind"/>.</summary>
    public bool RunsKind(string address, string kind) =>
        Cluster.MemberList.GetMembersByKind(kind).Any(m => m.Address == address);

    private async Task ShutdownQuietly(bool graceful)
    {
        try
        {
            await Cluster.ShutdownAsync(graceful, "Sworm member stopping").ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.ShutdownFailed(_logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Sworm member {Address} joined cluster {Cluster} running sworms [{Sworms}]")]
        public static partial void Started(ILogger logger, string address, string cluster, string sworms);

        [LoggerMessage(Level = LogLevel.Information, Message = "Sworm member {Address} left the cluster")]
        public static partial void Stopped(ILogger logger, string address);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Sworm {Sworm}: not every peer's part of the registry arrived within {Timeout}; starting anyway, the rest follows when the peers answer")]
        public static partial void RegistryNotSynced(ILogger logger, string sworm, TimeSpan timeout);

        [LoggerMessage(Level = LogLevel.Information, Message = "Sworm {Sworm}: handed {Specs} specs of this leaving member to {Acknowledged} of {Members} members")]
        public static partial void HandedOver(ILogger logger, string sworm, int specs, int acknowledged, int members);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Sworm {Sworm}: handing this leaving member's specs to the others did not finish; names whose copies are lost will not restart")]
        public static partial void HandOverTimedOut(ILogger logger, string sworm, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Sworm member shutdown did not complete cleanly")]
        public static partial void ShutdownFailed(ILogger logger, Exception exception);
    }
}
