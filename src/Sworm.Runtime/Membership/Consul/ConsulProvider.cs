using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Proto.Remote;

namespace Sworm.Membership.Consul;

/// <summary>
/// Consul-backed membership over the agent's HTTP API (no Consul client package: <see cref="ConsulAgentClient"/>).
/// <para>Start: register this member as an instance of the cluster's service (ID <c>&lt;cluster&gt;-&lt;member id&gt;</c>,
/// its host and port, member id in <c>Meta["id"]</c>, kinds as tags, a TTL check), retrying an unreachable agent
/// with backoff until <see cref="ConsulMembershipOptions.StartupTimeout"/>; then read the passing instances once
/// and publish them, so the start returns with the cluster known.</para>
/// <para>Running: three loops. The TTL loop passes the check every RefreshInterval and registers again when the
/// agent no longer knows it (agent restarted empty). The watch loop runs blocking health queries and publishes
/// changes (index reset when it goes backwards, as Consul's documentation asks). The probe loop is Sworm's fast
/// failure detector: it connects to every other member's port every <see cref="ProbeInterval"/>; a refused
/// connection (the kernel closed the port of a killed process) removes the member at once, long before its TTL
/// check turns critical. See <see cref="ConsulMemberView"/> for how the sources are merged and the re-add rule.</para>
/// <para>Failures of the agent never remove members by themselves: the view is kept and a grace period starts.</para>
/// <para>Leave: tell every peer first (<see cref="LeaveIntent"/>, answered by their <see cref="ConsulLeaveActor"/>, so they
/// report a leave, not a crash), then deregister at once (graceful shutdown only; a crash leaves the check to turn critical).</para>
/// </summary>
internal sealed partial class ConsulProvider : IClusterProvider, ILeaveAnnouncer
{
    /// <summary>How often other members' ports are probed: this bounds kill -9 detection.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DeregisterTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    // Consul's documentation asks clients to rate-limit blocking-query loops.
    private static readonly TimeSpan MinQueryInterval = TimeSpan.FromMilliseconds(50);

    private readonly Uri _agentAddress;
    private readonly ConsulMembershipOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private ConsulAgentClient? _client;
    private ConsulMemberView? _view;
    private Cluster? _cluster;
    private Member? _self;
    private string _serviceId = "";
    private string _serviceName = "";
    private EventStreamSubscription<object>? _blockedSubscription;
    private Task[] _loops = [];
    private int _shutDown;
    private int _announced; // 1 once the leave was announced (by the member's stop, or by ShutdownAsync)
    private PID? _leaveActor; // answers peers' leave intents (ConsulLeaveActor)
    private readonly Action<string>? _removedFromCluster;

    private readonly Action? _beforeJoin;

    /// <exception cref="SwormConfigurationException">An option or the address is invalid.</exception>
    public ConsulProvider(Uri agentAddress, ConsulMembershipOptions options, ILoggerFactory loggerFactory, Action<string>? removedFromCluster = null, Action? beforeJoin = null)
    {
        _removedFromCluster = removedFromCluster;
        _beforeJoin = beforeJoin;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate(agentAddress);
        _agentAddress = agentAddress;
        _options = options;
        _logger = loggerFactory.CreateLogger<ConsulProvider>();
    }

    /// <summary>The Consul service ID this member registered under (after start).</summary>
    public string ServiceId => _serviceId;

    /// <summary>The members this provider last published (self included).</summary>
    public IReadOnlyList<Member> Members
    {
        get { lock (_lock) return _view?.Published.ToList() ?? []; }
    }

    public async Task StartMemberAsync(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (_cluster is not null) throw new InvalidOperationException("This ConsulProvider has already been started.");
        _cluster = cluster;
        var self = cluster.MemberList.Self;
        _self = self;
        _serviceName = _options.ServiceName ?? cluster.Config.ClusterName;
        _serviceId = cluster.Config.ClusterName + "-" + self.Id;
        _client = new ConsulAgentClient(_agentAddress, _options.Token);
        _view = new ConsulMemberView(self, _options.Ttl + _options.RefreshInterval);

        // As SeedNodeProvider does: Proto's own MemberBlocked handler republishes a stale member set; this
        // provider removes blocked members itself (see ProtoBlockedHandler).
        if (!ProtoBlockedHandler.Detach(cluster)) Log.BlockedHandlerNotDetached(_logger);
        _blockedSubscription = cluster.System.EventStream.Subscribe<MemberBlocked>(OnBlocked);
        _leaveActor = cluster.System.Root.SpawnNamed(Props.FromProducer(() => new ConsulLeaveActor(cluster)), MembershipActor.ActorName);

        _beforeJoin?.Invoke(); // before the registration makes this member known (see MembershipContext.BeforeJoin)
        var registered = false;
        try
        {
            var started = Stopwatch.GetTimestamp();
            await RetryUntilStartupTimeoutAsync(started, "register", ct => RegisterAsync(ct)).ConfigureAwait(false);
            registered = true;
            var first = await RetryUntilStartupTimeoutAsync(started, "read the service's instances",
                ct => _client.HealthAsync(_serviceName, 0, _options.BlockingWait, ct)).ConfigureAwait(false);
            lock (_lock) _view.Listed(first);
            Publish();
            Log.Started(_logger, self.Id, self.Address, _serviceName, _serviceId, _agentAddress, Members.Count);
            _loops = [Task.Run(TtlLoopAsync), Task.Run(() => WatchLoopAsync(first.Index)), Task.Run(ProbeLoopAsync)];
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            if (registered)
            {
                // A member that failed to start must not stay listed as passing for a TTL.
                try { await _client.DeregisterAsync(_serviceId, DeregisterTimeout, CancellationToken.None).ConfigureAwait(false); }
                catch (Exception e) when (e is ConsulAgentException or HttpRequestException or TimeoutException) { Log.DeregisterFailed(_logger, _serviceId, _agentAddress, e.Message); }
            }
            _client.Dispose();
            _client = null;
            throw;
        }
    }

    public Task StartClientAsync(Cluster cluster) =>
        throw new NotSupportedException(
            "Sworm's Consul membership does not support Proto cluster clients: every Sworm process is a full member. " +
            "Start the cluster with StartMemberAsync.");

    /// <inheritdoc />
    public async Task AnnounceLeaveAsync()
    {
        var cluster = _cluster;
        if (cluster is null || _client is null || Interlocked.Exchange(ref _announced, 1) != 0) return;
        await LeaveIntents.SendAsync(cluster.System.Root, Peers(cluster), Intent(cluster), _logger).ConfigureAwait(false);
    }

    public async Task ShutdownAsync(bool graceful)
    {
        // Not started, start failed, or already shut down. The loops use _client until StopAsync returns.
        var client = _client;
        if (client is null || Interlocked.Exchange(ref _shutDown, 1) != 0) return;
        if (graceful && Interlocked.Exchange(ref _announced, 1) == 0 && _cluster is { } cluster)
        {
            // Not announced before Proto's shutdown (a plain Cluster.ShutdownAsync): told without waiting for answers.
            LeaveIntents.Tell(cluster.System.Root, Peers(cluster), Intent(cluster));
        }

        await StopAsync().ConfigureAwait(false);
        if (!graceful)
        {
            client.Dispose();
            return;
        }
        try
        {
            await client.DeregisterAsync(_serviceId, DeregisterTimeout, CancellationToken.None).ConfigureAwait(false);
            Log.Deregistered(_logger, _serviceId, _agentAddress);
        }
        catch (Exception e) when (e is ConsulAgentException or HttpRequestException or TimeoutException)
        {
            // Leaving must not fail the shutdown; Consul removes the instance after DeregisterCriticalServiceAfter.
            Log.DeregisterFailed(_logger, _serviceId, _agentAddress, e.Message);
        }
        finally
        {
            client.Dispose();
        }
    }

    private static (string Id, string Address)[] Peers(Cluster cluster) =>
        cluster.MemberList.GetOtherMembers().Select(m => (m.Id, m.Address)).ToArray();

    private static LeaveIntent Intent(Cluster cluster) => new(cluster.Config.ClusterName, cluster.System.Id);

    private async Task StopAsync()
    {
        _blockedSubscription?.Unsubscribe();
        _blockedSubscription = null;
        if (_leaveActor is { } leaveActor && _cluster is { } cluster)
        {
            _leaveActor = null;
            await cluster.System.Root.StopAsync(leaveActor).ConfigureAwait(false);
        }

        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation.
        }
    }

    private Task RegisterAsync(CancellationToken cancel) =>
        _client!.RegisterAsync(_serviceId, _serviceName, _self!, _options.Ttl, _options.DeregisterCriticalServiceAfter, cancel);

    /// <summary>Runs <paramref name="call"/> until it succeeds, backing off, until StartupTimeout.</summary>
    private async Task<T> RetryUntilStartupTimeoutAsync<T>(long started, string what, Func<CancellationToken, Task<T>> call)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                return await call(_stop.Token).ConfigureAwait(false);
            }
            catch (ConsulAgentException e) when (ConsulAgentClient.IsAccessDenied(e))
            {
                throw new SwormConfigurationException(
                    $"The Consul agent at {_agentAddress} refused to let member {_self!.Id} {what} (HTTP {(int)e.Status}, ACL): " +
                    $"{e.Body}. Set ConsulMembershipOptions.Token to an ACL token with service:write on '{_serviceName}' " +
                    "and service:read/node:read (the token itself is never logged).");
            }
            catch (ConsulAgentException e) when ((int)e.Status is >= 400 and < 500)
            {
                throw new SwormConfigurationException($"The Consul agent at {_agentAddress} rejected the request to {what}: {e.Message}");
            }
            catch (Exception e) when (e is ConsulAgentException or HttpRequestException or TimeoutException)
            {
                var left = _options.StartupTimeout - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw new SwormUnavailableException(
                        $"The Consul agent at {_agentAddress} could not be reached within StartupTimeout " +
                        $"({_options.StartupTimeout.TotalSeconds:0.###} s, {attempt} attempts to {what}): {e.Message}. " +
                        "Check that a Consul agent runs and listens on that address (consul agent -dev listens on " +
                        "http://127.0.0.1:8500) and that this host can reach it.", e);
                }
                var pause = backoff < left ? backoff : left;
                Log.AgentUnreachableAtStart(_logger, _agentAddress, what, e.Message, (long)pause.TotalMilliseconds, (long)left.TotalMilliseconds);
                await Task.Delay(pause, _stop.Token).ConfigureAwait(false);
                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
        }
    }

    private async Task RetryUntilStartupTimeoutAsync(long started, string what, Func<CancellationToken, Task> call) =>
        await RetryUntilStartupTimeoutAsync(started, what, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private void OnBlocked(MemberBlocked blocked)
    {
        MemberLeftGracefully.OnBlocked(_cluster!, blocked); // a graceful leave is marked before any removal

        // Off the event stream's thread: UpdateClusterTopology itself raises events.
        _ = Task.Run(() =>
        {
            if (blocked.MemberId == _self!.Id)
            {
                Log.SelfBlocked(_logger, blocked.MemberId, blocked.Reason);
                if (_removedFromCluster is not null)
                {
                    // The member comes back as a new incarnation (Hosting rejoins it under a new identity).
                    _removedFromCluster("blocked: " + blocked.Reason);
                    return;
                }

                _ = _cluster!.ShutdownAsync(true, "Blocked by MemberList");
                return;
            }
            Publish();
        });
    }

    /// <summary>Recomputes the live set and hands it to Proto when it changed.</summary>
    private void Publish()
    {
        var cluster = _cluster!;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested || cluster.MemberList.Stopping) return;
            var members = _view!.Next(cluster.Remote.BlockList.IsBlocked);
            if (members is null) return;
            Log.Publishing(_logger, members.Count, string.Join(",", members.Select(m => m.Id)));
            cluster.MemberList.UpdateClusterTopology(members);
        }
    }
}
