using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sworm.ConsulSimulator;

/// <summary>
/// A SIMULATOR of a Consul agent's HTTP API, for tests: no Consul binary can be installed on the build machines.
/// It serves, on loopback, only the endpoints Sworm's Consul membership uses, with the semantics documented in
/// Consul's HTTP API reference (developer.hashicorp.com/consul/api-docs):
/// <list type="bullet">
/// <item><c>PUT /v1/agent/service/register</c> with one inline TTL check (id <c>service:&lt;ID&gt;</c> unless given),
/// which starts <c>critical</c> unless the check definition sets <c>Status</c>.</item>
/// <item><c>PUT /v1/agent/service/deregister/:service_id</c> (404 for an unknown id).</item>
/// <item><c>PUT /v1/agent/check/pass/:check_id?note=</c> (404 "Unknown check ID" for an unknown id).</item>
/// <item><c>GET /v1/health/service/:service?passing&amp;index=&amp;wait=</c>: a blocking query. It answers at once
/// without <c>index</c> (or with index 0); otherwise it waits until the service's index exceeds the given one or
/// <c>wait</c> (default 5 min, at most 10 min, plus up to wait/16 jitter) passes. <c>X-Consul-Index</c> is always
/// &gt; 0. After a restart the index starts low again, so a client's old index is higher than the agent's.</item>
/// </list>
/// A TTL check not passed within its TTL turns critical (output "TTL expired"); a service whose check stayed
/// critical longer than its <c>DeregisterCriticalServiceAfter</c> (at least
/// <see cref="ConsulSimulatorOptions.MinimumDeregisterCriticalServiceAfter"/>) is removed by a reaper that runs
/// every <see cref="ConsulSimulatorOptions.ReapInterval"/>. With an ACL token configured, requests without it are
/// refused with 403. <see cref="StopAsync"/> and <see cref="StartAsync"/> simulate an agent restart on the same
/// port: connections are cut and the state (a dev agent's in-memory catalog) is lost.
/// Not simulated: datacenters, multiple nodes, consistency modes, anti-entropy delays, other endpoints.
/// </summary>
public sealed class ConsulAgentSimulator : IAsyncDisposable
{
    private readonly ConsulSimulatorOptions _options;
    private readonly SimulatorState _state;
    private WebApplication? _app;
    private CancellationTokenSource? _running;
    private Task? _ticker;
    private int _port;

    /// <summary>Creates a stopped simulator; call <see cref="StartAsync"/>.</summary>
    public ConsulAgentSimulator(ConsulSimulatorOptions? options = null)
    {
        _options = options ?? new ConsulSimulatorOptions();
        _state = new SimulatorState(_options);
    }

    /// <summary>The agent's base address, e.g. http://127.0.0.1:8500/ (valid once started).</summary>
    public Uri Address => new($"http://127.0.0.1:{_port}/");

    /// <summary>The TCP port the agent listens on (kept across <see cref="StopAsync"/>/<see cref="StartAsync"/>).</summary>
    public int Port => _port;

    /// <summary>True while the simulated agent serves requests.</summary>
    public bool IsRunning => _app is not null;

    /// <summary>Number of HTTP requests served since the start (for tests that check the client's pacing).</summary>
    public long RequestCount => _state.RequestCount;

    /// <summary>Starts a simulator on a free loopback port (or <paramref name="port"/>).</summary>
    public static async Task<ConsulAgentSimulator> StartNewAsync(ConsulSimulatorOptions? options = null, int port = 0)
    {
        var simulator = new ConsulAgentSimulator(options);
        await simulator.StartAsync(port).ConfigureAwait(false);
        return simulator;
    }

    /// <summary>
    /// Starts serving with an empty catalog, on <paramref name="port"/>, or the previous port after a stop, or a
    /// free one.
    /// </summary>
    public async Task StartAsync(int port = 0)
    {
        if (_app is not null) throw new InvalidOperationException("The Consul simulator is already running.");
        if (port == 0) port = _port;
        _state.Reset();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var running = new CancellationTokenSource();
        SimulatorEndpoints.Map(app, _state, running.Token);
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(bound).Port;
        _app = app;
        _running = running;
        _ticker = TickAsync(running.Token);
    }

    /// <summary>Stops the agent like a crash: open requests are cut, the catalog is lost, the port closes.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        if (app is null) return;
        _app = null;
        await _running!.CancelAsync().ConfigureAwait(false);
        using (var cut = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try { await app.StopAsync(cut.Token).ConfigureAwait(false); } catch (OperationCanceledException) { /* cut off */ }
        }
        await app.DisposeAsync().ConfigureAwait(false);
        try { await _ticker!.ConfigureAwait(false); } catch (OperationCanceledException) { /* stopped */ }
        _running.Dispose();
        _state.Reset();
    }

    /// <summary>
    /// Loses the catalog and restarts the index low while the HTTP server keeps running, like an agent whose state
    /// was rebuilt without dropping connections: a client's index is then higher than the agent's, so its blocking
    /// query waits out its <c>wait</c> and returns a lower <c>X-Consul-Index</c> (Consul's documented
    /// "index went backwards" case).
    /// </summary>
    public void ResetCatalog() => _state.Reset(startIndex: 1);

    /// <summary>All registered service instances, in ID order.</summary>
    public IReadOnlyList<ServiceSnapshot> Services() => _state.Snapshot();

    /// <summary>The instance with that ID, or null.</summary>
    public ServiceSnapshot? Service(string serviceId) => _state.Snapshot().FirstOrDefault(s => s.Id == serviceId);

    /// <summary>The current index of <paramref name="serviceName"/> as X-Consul-Index reports it.</summary>
    public long IndexOf(string serviceName) => _state.IndexOf(serviceName);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task TickAsync(CancellationToken stop)
    {
        var lastReap = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(_options.TtlResolution);
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            _state.ExpireTtls();
            if (Stopwatch.GetElapsedTime(lastReap) >= _options.ReapInterval)
            {
                lastReap = Stopwatch.GetTimestamp();
                _state.Reap();
            }
        }
    }
}
