using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Proto.Remote;
using Microsoft.Extensions.Logging.Abstractions;
using Sworm.Configuration;

namespace Sworm.Membership;

/// <summary>
/// Sworm's embedded membership: members find each other through seed addresses and then gossip their views
/// directly (see <see cref="MembershipActor"/>). Replaces Proto 1.8.0's <c>SeedNodeClusterProvider</c>, which
/// silently forms a one-member cluster when the seed is unreachable, never removes crashed members by itself,
/// and cannot run clients. Proto only sees the result, through <c>MemberList.UpdateClusterTopology</c>.
/// </summary>
/// <remarks>
/// Seed rules: with no seed other than this member's own address, the member starts a new cluster. When its own
/// address is the first seed, it tries the other seeds once and starts a new cluster if none answers (the first
/// seed is the designated founder, so a whole cluster started from one shared seed list comes up). Otherwise
/// it keeps trying the seeds until <see cref="SeedNodeOptions.JoinTimeout"/> and then fails: a member that
/// cannot join must not quietly run as a cluster of its own.
/// </remarks>
internal sealed partial class SeedNodeProvider : IClusterProvider, ILeaveAnnouncer
{
    // Pause between join rounds: the seed may be seconds from listening; no need to hammer it.
    private static readonly TimeSpan JoinRetryPause = TimeSpan.FromMilliseconds(200);

    private readonly SeedNodeOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Action<string, IReadOnlyList<string>>? _removedFromCluster;
    private Cluster? _cluster;
    private PID? _actor;
    private EventStreamSubscription<object>? _blockedSubscription;
    private int _announced; // 1 once the leave was announced (by the member's stop, or by ShutdownAsync)

    private readonly Action? _beforeJoin;

    /// <exception cref="SwormConfigurationException">A seed is not host:port, or the failure detection settings contradict each other.</exception>
    public SeedNodeProvider(SeedNodeOptions options, ILoggerFactory? loggerFactory = null, Action<string, IReadOnlyList<string>>? removedFromCluster = null, Action? beforeJoin = null)
    {
        _beforeJoin = beforeJoin;
        ArgumentNullException.ThrowIfNull(options);
        SwormOptionsValidator.ValidateSeeds(options.Seeds);
        SwormOptionsValidator.Validate(options.FailureDetection);
        _options = options;
        _removedFromCluster = removedFromCluster;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("Sworm.Membership");
    }

    public async Task StartMemberAsync(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (_actor is not null) throw new InvalidOperationException("This SeedNodeProvider has already been started.");
        _cluster = cluster;
        WarnAboutProtoHeartbeat(cluster.Config);

        var self = MemberInfo.FromProto(cluster.MemberList.Self, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var root = cluster.System.Root;
        var state = new MembershipState(self, cluster.Config.ClusterName, _options.FailureDetection, _options.TombstoneRetention, TimeProvider.System, _logger);
        var actor = root.SpawnNamed(Props.FromProducer(() => new MembershipActor(cluster, _options, state, _logger, _removedFromCluster)), MembershipActor.ActorName);
        _actor = actor;
        if (!ProtoBlockedHandler.Detach(cluster))
        {
            Log.BlockedHandlerNotDetached(_logger);
        }

        _blockedSubscription = cluster.System.EventStream.Subscribe<MemberBlocked>(blocked =>
        {
            // A graceful leave that Proto's gossip reported is marked now, on the thread that blocked the member, not when
            // the actor gets to it: the actor's next tick removes any member Proto has blocked, and that removal, without
            // the mark, reported the leave as a crash (MemberRemoved; seen under load in MetricsAcrossMembersTests).
            MemberLeftGracefully.OnBlocked(cluster, blocked);

            root.Send(actor, new PeerBlocked(blocked.MemberId, blocked.Reason));
        });

        try
        {
            _beforeJoin?.Invoke(); // before anyone can learn of this member (see MembershipContext.BeforeJoin)
            var seedView = await JoinAsync(cluster, self, actor).ConfigureAwait(false);
            var view = await root.RequestAsync<MembershipView>(actor, new Activate(seedView), _options.RequestTimeout).ConfigureAwait(false);
            Log.InCluster(_logger, self.Id, self.Address, cluster.Config.ClusterName, view.Members.Length);
        }
        catch
        {
            await StopActorAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task StartClientAsync(Cluster cluster) =>
        throw new NotSupportedException(
            "Sworm's seed-node membership does not support Proto cluster clients: every Sworm process is a full member. " +
            "Start the cluster with StartMemberAsync.");

    public async Task ShutdownAsync(bool graceful)
    {
        var cluster = _cluster;
        var actor = _actor;
        if (cluster is null || actor is null) return;

        if (graceful)
        {
            // Announced already when the member's own stop called AnnounceLeaveAsync; otherwise (a plain
            // Cluster.ShutdownAsync) Proto already gossips the leave, and the intents go without waiting for answers.
            await AnnounceLeaveAsync(acknowledged: false).ConfigureAwait(false);
        }
        await StopActorAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task AnnounceLeaveAsync() => AnnounceLeaveAsync(acknowledged: true);

    private async Task AnnounceLeaveAsync(bool acknowledged)
    {
        var cluster = _cluster;
        var actor = _actor;
        if (cluster is null || actor is null || Interlocked.Exchange(ref _announced, 1) != 0) return;
        try
        {
            await AnnounceLeaveAsync(cluster, actor, acknowledged).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Leaving must not fail the shutdown; peers fall back to failure detection.
            Log.LeaveNotAnnounced(_logger, cluster.System.Id, e);
        }
    }

    private async Task<MembershipView?> JoinAsync(Cluster cluster, MemberInfo self, PID actor)
    {
        var clusterName = cluster.Config.ClusterName;
        var selfAddress = HostPort.Normalize(self.Address);
        var seeds = _options.Seeds.Select(HostPort.Normalize).Distinct(StringComparer.Ordinal).ToList();
        var others = seeds.Where(s => s != selfAddress).ToList();
        if (others.Count == 0)
        {
            Log.StartsNewCluster(_logger, self.Id, self.Address, clusterName);
            return null;
        }
        var founder = _options.MayFound && seeds[0] == selfAddress;

        var started = Stopwatch.GetTimestamp();
        var lastResult = new Dictionary<string, string>(StringComparer.Ordinal);
        Exception? lastError = null;
        var root = cluster.System.Root;
        while (true)
        {
            foreach (var seed in others)
            {
                var remaining = _options.JoinTimeout - Stopwatch.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero) break;
                HostPort.TryParse(seed, out var host, out var port);

                // Check the port before sending anything through Proto: a Proto endpoint to an address where
                // nothing listens retries, gives up and then refuses that address for 3 s, which would delay the
                // join long after the seed came up.
                var budget = Min(_options.FailureDetection.ProbeTimeout, remaining);
                var probe = await TcpProbe.ProbeAsync(host, port, budget).ConfigureAwait(false);
                if (probe != ProbeOutcome.Listening)
                {
                    // A probe cut short by the deadline proves nothing; keep the earlier, more telling result.
                    if (probe == ProbeOutcome.Refused || budget >= _options.FailureDetection.ProbeTimeout || !lastResult.ContainsKey(seed))
                        lastResult[seed] = probe == ProbeOutcome.Refused ? "connection refused" : "no answer to a TCP connect";
                    continue;
                }
                try
                {
                    var myView = await root.RequestAsync<MembershipView>(actor, MembershipViewRequest.Instance, _options.RequestTimeout).ConfigureAwait(false);
                    var reply = await root.RequestAsync<JoinReply>(new PID(seed, MembershipActor.ActorName), new JoinRequest(myView),
                        Min(_options.JoinAttemptTimeout, remaining)).ConfigureAwait(false);
                    if (reply is { Accepted: true, View: not null })
                    {
                        Log.JoinedThroughSeed(_logger, self.Id, self.Address, clusterName, seed, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        return reply.View;
                    }
                    lastResult[seed] = "refused the join: " + reply.Reason;
                }
                catch (Exception e)
                {
                    // Timeouts and dead letters (the port is open but no Sworm membership actor answers) alike.
                    lastError = e;
                    lastResult[seed] = $"no answer to the join request ({e.GetType().Name}: {e.Message})";
                }
            }

            if (founder)
            {
                Log.FounderStartsCluster(_logger, string.Join(", ", others), self.Id, self.Address, clusterName);
                return null;
            }
            var left = _options.JoinTimeout - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) break;
            await Task.Delay(Min(JoinRetryPause, left)).ConfigureAwait(false);
        }

        var details = string.Join("; ", others.Select(s => s + ": " + lastResult.GetValueOrDefault(s, "not tried")));
        throw new SwormUnavailableException(
            $"Member at {self.Address} could not join cluster '{clusterName}': no seed answered within " +
            $"{_options.JoinTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s. Seeds tried: {details}. " +
            "Check that at least one seed member is running and listening on that host:port (its Proto remote address), " +
            "that this host can reach it (firewall, DNS, bind address versus advertised address), and that every member uses " +
            "the same cluster name. To start a new cluster instead, give this member no seeds or list its own address first.",
            lastError);
    }

    private async Task AnnounceLeaveAsync(Cluster cluster, PID actor, bool acknowledged)
    {
        var root = cluster.System.Root;
        var view = await root.RequestAsync<MembershipView>(actor, BeginLeave.Instance, _options.RequestTimeout).ConfigureAwait(false);
        var peers = view.Members.Where(m => m.Id != cluster.System.Id).ToArray();
        var intent = new LeaveIntent(cluster.Config.ClusterName, cluster.System.Id);
        if (acknowledged)
        {
            await LeaveIntents.SendAsync(root, peers.Select(m => (m.Id, m.Address)), intent, _logger).ConfigureAwait(false);
        }
        else
        {
            LeaveIntents.Tell(root, peers.Select(m => (m.Id, m.Address)), intent);
        }

        // Every peer knows the leave is graceful: now each drops this member at once, without waiting for Proto's gossip.
        var notice = new LeaveNotice(cluster.Config.ClusterName, cluster.System.Id);
        foreach (var m in peers)
        {
            root.Send(new PID(m.Address, MembershipActor.ActorName), notice);
        }

        Log.Left(_logger, cluster.System.Id, cluster.Config.ClusterName);
    }

    private async Task StopActorAsync()
    {
        _blockedSubscription?.Unsubscribe();
        _blockedSubscription = null;
        var actor = _actor;
        _actor = null;
        if (actor is not null && _cluster is not null) await _cluster.System.Root.StopAsync(actor).ConfigureAwait(false);
    }

    private void WarnAboutProtoHeartbeat(ClusterConfig config)
    {
        // Proto's own heartbeat expiry blocks members on weaker evidence (its gossip can lag), and on a member that
        // was paused it blocks every peer on resume (see FailureDetectionOptions.ProtoHeartbeatExpiration).
        if (config.HeartbeatExpiration > TimeSpan.Zero)
        {
            Log.ProtoHeartbeatOn(_logger, config.HeartbeatExpiration);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
