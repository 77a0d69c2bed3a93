using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Proto.Remote;

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
internal sealed class SeedNodeProvider : IClusterProvider
{
    private static readonly ILogger Logger = Log.CreateLogger<SeedNodeProvider>();

    // Pause between join rounds: the seed may be seconds from listening; no need to hammer it.
    private static readonly TimeSpan JoinRetryPause = TimeSpan.FromMilliseconds(200);

    // A peer that does not acknowledge a leave notice quickly is dead or has already dropped us.
    private static readonly TimeSpan LeaveNoticeTimeout = TimeSpan.FromMilliseconds(500);

    private readonly SeedNodeOptions _options;
    private Cluster? _cluster;
    private PID? _actor;
    private EventStreamSubscription<object>? _blockedSubscription;

    public SeedNodeProvider(SeedNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public async Task StartMemberAsync(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (_actor is not null) throw new InvalidOperationException("This SeedNodeProvider has already been started.");
        _cluster = cluster;
        WarnAboutProtoHeartbeat(cluster.Config);

        var self = MemberInfo.FromProto(cluster.MemberList.Self, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var root = cluster.System.Root;
        var actor = root.SpawnNamed(Props.FromProducer(() => new MembershipActor(cluster, _options, self)), MembershipActor.ActorName);
        _actor = actor;
        if (!ProtoBlockedHandler.Detach(cluster))
        {
            Logger.LogWarning("Could not detach Proto's MemberBlocked handler (unexpected Proto version?); a join racing a block may drop healthy members");
        }

        _blockedSubscription = cluster.System.EventStream.Subscribe<MemberBlocked>(
            blocked => root.Send(actor, new PeerBlocked(blocked.MemberId, blocked.Reason)));

        try
        {
            var seedView = await JoinAsync(cluster, self, actor).ConfigureAwait(false);
            var view = await root.RequestAsync<MembershipView>(actor, new Activate(seedView), _options.RequestTimeout).ConfigureAwait(false);
            Logger.LogInformation("Member {Id} at {Address} is in cluster {Cluster} with {Count} members",
                self.Id, self.Address, cluster.Config.ClusterName, view.Members.Length);
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
            try
            {
                await AnnounceLeaveAsync(cluster, actor).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Leaving must not fail the shutdown; peers fall back to failure detection.
                Logger.LogDebug(e, "Could not announce the leave of member {Id}", cluster.System.Id);
            }
        }
        await StopActorAsync().ConfigureAwait(false);
    }

    private async Task<MembershipView?> JoinAsync(Cluster cluster, MemberInfo self, PID actor)
    {
        var clusterName = cluster.Config.ClusterName;
        var selfAddress = SeedAddress.Normalize(self.Address);
        var seeds = _options.Seeds.Select(SeedAddress.Normalize).Distinct(StringComparer.Ordinal).ToList();
        var others = seeds.Where(s => s != selfAddress).ToList();
        if (others.Count == 0)
        {
            Logger.LogInformation("Member {Id} at {Address} starts a new cluster {Cluster}", self.Id, self.Address, clusterName);
            return null;
        }
        var founder = seeds[0] == selfAddress;

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
                SeedAddress.TryParse(seed, out var host, out var port);

                // Check the port before sending anything through Proto: a Proto endpoint to an address where
                // nothing listens retries, gives up and then refuses that address for 3 s, which would delay the
                // join long after the seed came up.
                var budget = Min(_options.ProbeTimeout, remaining);
                var probe = await TcpProbe.ProbeAsync(host, port, budget).ConfigureAwait(false);
                if (probe != ProbeOutcome.Listening)
                {
                    // A probe cut short by the deadline proves nothing; keep the earlier, more telling result.
                    if (probe == ProbeOutcome.Refused || budget >= _options.ProbeTimeout || !lastResult.ContainsKey(seed))
                        lastResult[seed] = probe == ProbeOutcome.Refused ? "connection refused" : "no answer to a TCP connect";
                    continue;
                }
                try
                {
                    var myView = await root.RequestAsync<MembershipView>(actor, SnapshotRequest.Instance, _options.RequestTimeout).ConfigureAwait(false);
                    var reply = await root.RequestAsync<JoinReply>(new PID(seed, MembershipActor.ActorName), new JoinRequest(myView),
                        Min(_options.JoinAttemptTimeout, remaining)).ConfigureAwait(false);
                    if (reply is { Accepted: true, View: not null })
                    {
                        Logger.LogInformation("Member {Id} at {Address} joined cluster {Cluster} through seed {Seed} in {Ms} ms",
                            self.Id, self.Address, clusterName, seed, Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
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
                Logger.LogInformation("No other seed of {Seeds} answered; member {Id} at {Address} is the first seed and starts a new cluster {Cluster}",
                    string.Join(", ", others), self.Id, self.Address, clusterName);
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

    private async Task AnnounceLeaveAsync(Cluster cluster, PID actor)
    {
        var root = cluster.System.Root;
        var view = await root.RequestAsync<MembershipView>(actor, BeginLeave.Instance, _options.RequestTimeout).ConfigureAwait(false);
        var notice = new LeaveNotice(cluster.Config.ClusterName, cluster.System.Id);
        var notices = view.Members
            .Where(m => m.Id != cluster.System.Id)
            .Select(async m =>
            {
                try
                {
                    await root.RequestAsync<LeaveAck>(new PID(m.Address, MembershipActor.ActorName), notice, LeaveNoticeTimeout).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Logger.LogDebug(e, "Member {Id} did not acknowledge the leave notice", m.Id);
                }
            });
        await Task.WhenAll(notices).ConfigureAwait(false);
        Logger.LogInformation("Member {Id} left cluster {Cluster}", cluster.System.Id, cluster.Config.ClusterName);
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
        // Proto's own heartbeat expiry blocks members on weaker evidence (its gossip can lag); if it is shorter
        // than ours it, not this provider, decides who is dead.
        var proto = config.HeartbeatExpiration;
        if (proto > TimeSpan.Zero && proto < _options.HeartbeatExpiration)
        {
            Logger.LogWarning("ClusterConfig.HeartbeatExpiration ({Proto}) is shorter than the membership's HeartbeatExpiration ({Ours}); " +
                "use SeedNodeOptions.ProtoHeartbeatExpiration ({Recommended})", proto, _options.HeartbeatExpiration, _options.ProtoHeartbeatExpiration);
        }
        else if (proto == TimeSpan.Zero)
        {
            Logger.LogDebug("ClusterConfig.HeartbeatExpiration is zero: Proto's backstop is off; the membership still detects failures");
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
