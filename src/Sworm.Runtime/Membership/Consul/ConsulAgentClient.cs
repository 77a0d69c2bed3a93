using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Proto.Cluster;

namespace Sworm.Membership.Consul;

/// <summary>
/// The few calls of Consul's agent HTTP API that membership needs, over <see cref="HttpClient"/>. Every call has a
/// timeout; a blocking query's timeout is its wait plus Consul's jitter (wait/16) plus <see cref="CallTimeout"/>.
/// Failures surface as <see cref="ConsulAgentException"/> (the agent answered with an error) or as
/// <see cref="HttpRequestException"/>/<see cref="TimeoutException"/> (it did not answer). The token travels only
/// in the X-Consul-Token header, so no message built here can contain it.
/// </summary>
internal sealed class ConsulAgentClient : IDisposable
{
    /// <summary>Timeout of a non-blocking call; an agent is local and answers in milliseconds.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;

    public ConsulAgentClient(Uri agentAddress, string? token)
    {
        Address = agentAddress;
        var baseAddress = agentAddress.AbsoluteUri.EndsWith('/') ? agentAddress : new Uri(agentAddress.AbsoluteUri + "/");
        // Timeouts are per call (CancellationTokenSource), since blocking queries need longer ones.
        // Recycle connections so a DNS name of the agent that moves (a container restart) is looked up again.
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = CallTimeout };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null) _http.DefaultRequestHeaders.Add("X-Consul-Token", token);
    }

    public Uri Address { get; }

    /// <summary>PUT /v1/agent/service/register with one TTL check that starts passing.</summary>
    public Task RegisterAsync(string serviceId, string serviceName, Member self, TimeSpan ttl, TimeSpan deregisterAfter, CancellationToken cancel)
    {
        var body = new JsonObject
        {
            ["ID"] = serviceId,
            ["Name"] = serviceName,
            ["Tags"] = new JsonArray(self.Kinds.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
            ["Address"] = self.Host,
            ["Port"] = self.Port,
            ["Meta"] = new JsonObject { ["id"] = self.Id },
            ["Check"] = new JsonObject
            {
                ["CheckID"] = CheckId(serviceId),
                ["Name"] = "Sworm member TTL",
                ["TTL"] = GoDuration(ttl),
                ["DeregisterCriticalServiceAfter"] = GoDuration(deregisterAfter),
                // Otherwise a TTL check starts critical and the member is invisible until its first pass.
                ["Status"] = "passing",
            },
        };
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return SendAsync(HttpMethod.Put, "v1/agent/service/register", content, CallTimeout, cancel);
    }

    /// <summary>PUT /v1/agent/check/pass/service:&lt;id&gt;; a 404 means the agent no longer knows the check.</summary>
    public Task PassAsync(string serviceId, CancellationToken cancel) =>
        SendAsync(HttpMethod.Put, "v1/agent/check/pass/" + Uri.EscapeDataString(CheckId(serviceId)), null, CallTimeout, cancel);

    /// <summary>PUT /v1/agent/service/deregister/&lt;id&gt;.</summary>
    public Task DeregisterAsync(string serviceId, TimeSpan timeout, CancellationToken cancel) =>
        SendAsync(HttpMethod.Put, "v1/agent/service/deregister/" + Uri.EscapeDataString(serviceId), null, timeout, cancel);

    /// <summary>
    /// GET /v1/health/service/&lt;name&gt;?passing, blocking when <paramref name="index"/> &gt; 0 (Consul answers at
    /// once for index 0).
    /// </summary>
    public async Task<ConsulHealthResult> HealthAsync(string serviceName, long index, TimeSpan wait, CancellationToken cancel)
    {
        var path = $"v1/health/service/{Uri.EscapeDataString(serviceName)}?passing=true";
        var timeout = CallTimeout;
        if (index > 0)
        {
            path += $"&index={index.ToString(CultureInfo.InvariantCulture)}&wait={GoDuration(wait)}";
            timeout += wait + wait / 16;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cts.Token).ConfigureAwait(false);
            await ThrowOnErrorAsync(response, cts.Token).ConfigureAwait(false);
            var newIndex = response.Headers.TryGetValues("X-Consul-Index", out var values) &&
                           long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cts.Token).ConfigureAwait(false);
            return new ConsulHealthResult(ParseInstances(document.RootElement), newIndex);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"The Consul agent at {Address} did not answer a health query within {timeout.TotalSeconds:0.#} s.");
        }
    }

    public void Dispose() => _http.Dispose();

    public static string CheckId(string serviceId) => "service:" + serviceId;

    /// <summary>Go duration string, as Consul parses them ("1500ms").</summary>
    public static string GoDuration(TimeSpan value) =>
        Math.Max(1L, (long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    private static List<ConsulInstance> ParseInstances(JsonElement root)
    {
        var result = new List<ConsulInstance>();
        if (root.ValueKind != JsonValueKind.Array) return result;
        foreach (var entry in root.EnumerateArray())
        {
            if (!entry.TryGetProperty("Service", out var service) || service.ValueKind != JsonValueKind.Object) continue;
            // Only instances registered by Sworm carry the member id; anything else under the name is ignored.
            if (!service.TryGetProperty("Meta", out var meta) || meta.ValueKind != JsonValueKind.Object ||
                !meta.TryGetProperty("id", out var idElement) || idElement.GetString() is not { Length: > 0 } id) continue;
            var host = service.TryGetProperty("Address", out var a) ? a.GetString() ?? "" : "";
            var port = service.TryGetProperty("Port", out var p) && p.TryGetInt32(out var pv) ? pv : 0;
            if (host.Length == 0 || port <= 0) continue;

            // ?passing already filtered; checking again costs nothing and also covers the node's serfHealth.
            var allPassing = true;
            long checkIndex = 0;
            if (entry.TryGetProperty("Checks", out var checks) && checks.ValueKind == JsonValueKind.Array)
            {
                foreach (var check in checks.EnumerateArray())
                {
                    if (!check.TryGetProperty("Status", out var status) || status.GetString() != "passing") allPassing = false;
                    if (check.TryGetProperty("ModifyIndex", out var mi) && mi.TryGetInt64(out var modify)) checkIndex = Math.Max(checkIndex, modify);
                }
            }
            if (!allPassing) continue;

            var member = new Member { Id = id, Host = host, Port = port };
            if (service.TryGetProperty("Tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
                member.Kinds.AddRange(tags.EnumerateArray().Select(t => t.GetString()).OfType<string>());
            result.Add(new ConsulInstance(member, checkIndex));
        }
        return result;
    }

    private async Task SendAsync(HttpMethod method, string path, HttpContent? content, TimeSpan timeout, CancellationToken cancel)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        cts.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, cts.Token).ConfigureAwait(false);
            await ThrowOnErrorAsync(response, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"The Consul agent at {Address} did not answer {method} /{path.Split('?')[0]} within {timeout.TotalSeconds:0.#} s.");
        }
    }

    private async Task ThrowOnErrorAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        if (text.Length > 300) text = text[..300];
        var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "";
        throw new ConsulAgentException(response.StatusCode, text.Trim(),
            $"The Consul agent at {Address} answered {(int)response.StatusCode} ({response.StatusCode}) to {response.RequestMessage?.Method} {path}: {text.Trim()}");
    }

    // Kept for callers that need to tell a refused registration apart from a missing check.
    public static bool IsNotFound(Exception e) => e is ConsulAgentException { Status: HttpStatusCode.NotFound };

    public static bool IsAccessDenied(Exception e) => e is ConsulAgentException { Status: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized };
}
