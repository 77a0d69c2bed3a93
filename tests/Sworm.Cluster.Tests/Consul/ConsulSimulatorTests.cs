using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Sworm.ConsulSimulator;
using Sworm.Testing;
using Xunit;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>
/// The Consul agent SIMULATOR itself, over plain HTTP: it must behave as Consul's HTTP API documentation says, or
/// the provider tests prove nothing.
/// </summary>
public sealed class ConsulSimulatorTests : IAsyncLifetime
{
    private ConsulAgentSimulator _sim = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _sim = await ConsulAgentSimulator.StartNewAsync(new ConsulSimulatorOptions
        {
            ReapInterval = TimeSpan.FromMilliseconds(100),
            MinimumDeregisterCriticalServiceAfter = TimeSpan.Zero,
        });
        _http = new HttpClient { BaseAddress = _sim.Address, Timeout = TimeSpan.FromSeconds(15) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    private static StringContent Registration(string id, string ttl = "10s", string? status = null, string deregisterAfter = "1m")
    {
        var check = status is null
            ? $$"""{"TTL":"{{ttl}}","DeregisterCriticalServiceAfter":"{{deregisterAfter}}"}"""
            : $$"""{"TTL":"{{ttl}}","DeregisterCriticalServiceAfter":"{{deregisterAfter}}","Status":"{{status}}"}""";
        return new StringContent(
            $$"""{"ID":"{{id}}","Name":"web","Tags":["a"],"Address":"127.0.0.1","Port":4000,"Meta":{"id":"{{id}}"},"Check":{{check}}}""",
            Encoding.UTF8, "application/json");
    }

    private async Task<(string[] Ids, long Index, HttpStatusCode Status)> Health(string query = "passing")
    {
        using var response = await _http.GetAsync("v1/health/service/web?" + query);
        if (response.StatusCode != HttpStatusCode.OK) return ([], 0, response.StatusCode);
        var index = long.Parse(response.Headers.GetValues("X-Consul-Index").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("Service").GetProperty("ID").GetString()!).ToArray();
        return (ids, index, response.StatusCode);
    }

    [Fact]
    public async Task A_new_TTL_check_starts_critical_and_a_pass_of_service_colon_id_makes_it_passing()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync("v1/agent/service/register", Registration("web-1"))).StatusCode);
        Assert.Equal("service:web-1", _sim.Service("web-1")!.CheckId);
        Assert.Equal("critical", _sim.Service("web-1")!.CheckStatus);
        Assert.Empty((await Health()).Ids);
        Assert.Equal(["web-1"], (await Health("")).Ids);

        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync("v1/agent/check/pass/service:web-1?note=ok", null)).StatusCode);
        Assert.Equal(["web-1"], (await Health()).Ids);
        Assert.True((await Health()).Index > 0);
    }

    [Fact]
    public async Task A_blocking_query_returns_as_soon_as_the_service_changes()
    {
        await _http.PutAsync("v1/agent/service/register", Registration("web-1", status: "passing"));
        var (_, index, _) = await Health();
        var stopwatch = Stopwatch.StartNew();
        var blocking = Health($"passing&index={index}&wait=10s");
        await Eventually.Until(() => _sim.RequestCount >= 3, "the blocking query to reach the simulator");
        Assert.False(blocking.IsCompleted, "a blocking query with the current index must wait");
        await _http.PutAsync("v1/agent/service/register", Registration("web-2", status: "passing"));
        var (ids, newIndex, _) = await blocking;
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(newIndex > index);
        Assert.Equal(["web-1", "web-2"], ids);
    }

    [Fact]
    public async Task A_blocking_query_returns_the_same_index_when_its_wait_expires()
    {
        await _http.PutAsync("v1/agent/service/register", Registration("web-1", status: "passing"));
        var (_, index, _) = await Health();
        var stopwatch = Stopwatch.StartNew();
        var (ids, sameIndex, _) = await Health($"passing&index={index}&wait=300ms");
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"returned after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(index, sameIndex);
        Assert.Equal(["web-1"], ids);
    }

    [Fact]
    public async Task A_TTL_check_not_passed_in_time_turns_critical_and_drops_out_of_the_passing_list()
    {
        var registered = Stopwatch.StartNew(); // started before the request: the check cannot expire earlier than this + TTL
        await _http.PutAsync("v1/agent/service/register", Registration("web-1", ttl: "2s", status: "passing"));
        Assert.Equal(["web-1"], (await Health()).Ids);
        await Eventually.Until(() => _sim.Service("web-1")!.CheckStatus == "critical", "the TTL check to turn critical", TimeSpan.FromSeconds(6));
        Assert.True(registered.Elapsed >= TimeSpan.FromSeconds(2), $"critical after {registered.ElapsedMilliseconds} ms");
        Assert.Equal("TTL expired", _sim.Service("web-1")!.CheckOutput);
        Assert.Empty((await Health()).Ids);
    }

    [Fact]
    public async Task A_service_critical_longer_than_DeregisterCriticalServiceAfter_is_reaped()
    {
        var registered = Stopwatch.StartNew(); // before the request: nothing can happen earlier than this + TTL + 500 ms
        await _http.PutAsync("v1/agent/service/register", Registration("web-1", ttl: "200ms", status: "passing", deregisterAfter: "500ms"));
        await Eventually.Until(() => _sim.Service("web-1")?.CheckStatus == "critical", "the check to turn critical", TimeSpan.FromSeconds(3));
        await Eventually.Until(() => _sim.Service("web-1") is null, "the reaper to remove the service", TimeSpan.FromSeconds(5));
        Assert.True(registered.Elapsed >= TimeSpan.FromMilliseconds(700), $"reaped {registered.ElapsedMilliseconds} ms after registering");
    }

    [Fact]
    public async Task Unknown_check_and_service_ids_are_404_and_deregister_removes_at_once()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PutAsync("v1/agent/check/pass/service:nope", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PutAsync("v1/agent/service/deregister/nope", null)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _http.GetAsync("v1/agent/check/pass/service:nope")).StatusCode);
        await _http.PutAsync("v1/agent/service/register", Registration("web-1", status: "passing"));
        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync("v1/agent/service/deregister/web-1", null)).StatusCode);
        Assert.Null(_sim.Service("web-1"));
    }

    [Fact]
    public async Task A_restart_on_the_same_port_refuses_connections_meanwhile_and_comes_back_empty_with_a_lower_index()
    {
        var port = _sim.Port;
        for (var i = 0; i < 5; i++) await _http.PutAsync("v1/agent/service/register", Registration("web-" + i, status: "passing"));
        var (_, before, _) = await Health();
        await _sim.StopAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync("v1/health/service/web"));
        await _sim.StartAsync();
        Assert.Equal(port, _sim.Port);
        var (ids, after, _) = await Health();
        Assert.Empty(ids);
        Assert.True(after < before && after > 0, $"index before {before}, after {after}");
    }

    [Fact]
    public async Task A_stop_cuts_an_open_blocking_query()
    {
        await _http.PutAsync("v1/agent/service/register", Registration("web-1", status: "passing"));
        var (_, index, _) = await Health();
        var blocking = Health($"passing&index={index}&wait=30s");
        await Eventually.Until(() => _sim.RequestCount >= 3, "the blocking query to reach the simulator");
        var stopping = Stopwatch.StartNew();
        await _sim.StopAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stop took {stopping.ElapsedMilliseconds} ms");
        await Assert.ThrowsAnyAsync<Exception>(() => blocking);
    }

    [Fact]
    public async Task With_an_ACL_token_requests_without_it_get_403()
    {
        await using var sim = await ConsulAgentSimulator.StartNewAsync(new ConsulSimulatorOptions { AclToken = "right-token" });
        using var http = new HttpClient { BaseAddress = sim.Address };
        var none = await http.PutAsync("v1/agent/service/register", Registration("web-1"));
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Contains("Permission denied", await none.Content.ReadAsStringAsync());

        http.DefaultRequestHeaders.Add("X-Consul-Token", "wrong-token");
        var wrong = await http.GetAsync("v1/health/service/web");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("ACL not found", await wrong.Content.ReadAsStringAsync());

        http.DefaultRequestHeaders.Remove("X-Consul-Token");
        http.DefaultRequestHeaders.Add("X-Consul-Token", "right-token");
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync("v1/agent/service/register", Registration("web-1"))).StatusCode);
        Assert.Single(sim.Services());
    }
}
