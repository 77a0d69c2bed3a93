using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.DependencyInjection;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Sworm.Configuration;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Serialization;
using Sworm.Sworms;

namespace Sworm.Hosting;

/// <summary>
/// Incarnations. A member's identity in the cluster is its Proto actor system's id. When the cluster removes a member
/// for good (it was frozen past the heartbeat expiration, or cut off by a partition), Proto blocks that id on every
/// other member, so the same actor system can never come back. The member therefore rejoins as a new incarnation: a
/// new actor system (new id) on the same host:port, joined through the members it knew last. Its names were already
/// restored by the others; its old workers die with the old system, so no name runs twice. The facades keep working
/// (they reach the runtime through the member); calls made while it rejoins throw <see cref="SwormUnavailableException"/>.
/// An <see cref="ActorSystem"/> or <see cref="Proto.Cluster.Cluster"/> resolved from DI belongs to the first incarnation.
/// </summary>
internal sealed partial class SwormMember
{
    /// <summary>Builds an incarnation: its actor system and cluster on <paramref name="port"/>, and each sworm bound to it.</summary>
    private void Build(int port, IReadOnlyList<string>? rejoinThrough)
    {
        var options = Options;
        _spawnedBeforeJoin = false;
        var membership = new MembershipContext(options.FailureDetection, options.JoinTimeout, _loggerFactory, OnRemovedFromCluster, rejoinThrough, SpawnBeforeJoin);
        var clusterConfig = ClusterConfig
            // Proto needs an identity lookup; Sworm activates nothing through it (delegates live in name hosts).
            .Setup(options.ClusterName, options.Membership.CreateProvider(membership), new PartitionIdentityLookup())
            .WithActorRequestTimeout(options.RequestTimeout)
            .WithActorActivationTimeout(options.RequestTimeout)
            .WithHeartbeatExpiration(options.FailureDetection.ProtoHeartbeatExpiration)
            .WithGossipInterval(options.FailureDetection.GossipInterval)
            .WithClusterKinds(_sworms.Values.Select(s => s.Kind()).ToArray());

        System = new ActorSystem(ActorSystemConfig.Setup())
            .WithServiceProvider(_services)
            .WithRemote(Remote(options, port))
            .WithCluster(clusterConfig);
        Cluster = System.Cluster();
        AttachDiagnostics(Cluster);
        var cluster = Cluster;
        Lifecycle.Quorum.Required = options.StaticQuorum;
        Lifecycle.Quorum.LiveMembers = () => cluster.MemberList.GetAllMembers().Length;
        _startSteps.Clear();
        _leaveSteps.Clear();
        foreach (var sworm in _sworms.Values)
        {
            sworm.Bind(Cluster);
            _startSteps.AddRange(sworm.StartSteps(options.JoinTimeout));
            _leaveSteps.AddRange(sworm.LeaveSteps());
        }
    }

    private static RemoteConfig Remote(SwormClusterOptions options, int port)
    {
        var remote = SwormWireSerializer.AddTo(RemoteConfig.BindTo(options.Host, port), WireCodecs.All);
        if (options.AdvertisedHost is { } host)
        {
            remote = remote.WithAdvertisedHost(host);
        }

        return options.AdvertisedPort is { } advertisedPort ? remote.WithAdvertisedPort(advertisedPort) : remote;
    }

    private async Task StartIncarnation(CancellationToken cancellationToken)
    {
        await Cluster.StartMemberAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!_spawnedBeforeJoin)
        {
            SpawnBeforeJoin(); // a membership provider without the BeforeJoin hook (a custom IClusterProvider)
        }

        foreach (var step in _startSteps.OrderBy(s => s.Stage))
        {
            await step.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Called by the membership provider once the remote listens, before any peer can learn of this member: the
    /// sworms' well-known actors exist before a peer's message can reach them (see MembershipContext.BeforeJoin).
    /// </summary>
    private void SpawnBeforeJoin()
    {
        foreach (var sworm in _sworms.Values)
        {
            sworm.SpawnActors();
        }

        _spawnedBeforeJoin = true;
    }

    /// <summary>Called by the membership provider (on its actor's thread): start the rejoin, do not wait for it.</summary>
    private void OnRemovedFromCluster(string reason, IReadOnlyList<string> joinThrough)
    {
        if (Lifecycle.State != MemberState.Running)
        {
            return;
        }

        Lifecycle.MoveTo(MemberState.Rejoining, reason);
        _ = Task.Run(() => RejoinAsync(reason, joinThrough));
    }

    private async Task RejoinAsync(string reason, IReadOnlyList<string> joinThrough)
    {
        await _incarnation.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Lifecycle.State != MemberState.Rejoining)
            {
                return; // stopped meanwhile
            }

            var oldId = System.Id;
            var address = System.Address;
            // The same port again: the configured one, or the one the first incarnation got (advertised without a mapping).
            HostPort.TryParse(address, out _, out var boundPort);
            var port = Options.Port != 0 || Options.AdvertisedPort is not null ? Options.Port : boundPort;
            // The winners of a healed partition first: the members this one knew may be rejoining as well.
            var known = joinThrough.Concat(Cluster.MemberList.GetAllMembers().Where(m => m.Id != oldId).Select(m => m.Address)).Distinct().ToArray();
            Log.Rejoining(_logger, address, oldId, reason);
            var carried = await ExportSpecs().ConfigureAwait(false);
            var states = await CaptureConflictStates().ConfigureAwait(false);
            await ShutdownQuietly().ConfigureAwait(false);

            for (var attempt = 1; Lifecycle.State == MemberState.Rejoining; attempt++)
            {
                Build(port, known);
                try
                {
                    // Bounded: Proto's StartMemberAsync waits, without a deadline, until the member sees itself
                    // listed, which never happens if the peers do not admit it; the next attempt builds afresh.
                    using var attemptDeadline = new CancellationTokenSource(Options.JoinTimeout);
                    await StartIncarnation(attemptDeadline.Token).ConfigureAwait(false);
                    Lifecycle.MoveTo(MemberState.Running);
                    DeliverConflictStates(states);
                    AdoptSpecs(carried);
                    Log.Rejoined(_logger, System.Address, System.Id, oldId, attempt);
                    return;
                }
                catch (Exception e)
                {
                    Log.RejoinFailed(_logger, address, attempt, e);
                    await ShutdownQuietly().ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _incarnation.Release();
        }
    }
}
