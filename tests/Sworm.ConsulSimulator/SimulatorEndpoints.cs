using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sworm.ConsulSimulator;

/// <summary>The HTTP surface of the simulated agent (see <see cref="ConsulAgentSimulator"/> for what it covers).</summary>
internal static class SimulatorEndpoints
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    public static void Map(WebApplication app, SimulatorState state, CancellationToken stopped)
    {
        app.Run(async context =>
        {
            state.CountRequest();
            try
            {
                await HandleAsync(context, state, stopped).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopped.IsCancellationRequested)
            {
                // The agent "crashed" mid-request: the client sees the connection drop, not an answer.
                context.Abort();
            }
        });
    }

    private static async Task HandleAsync(HttpContext context, SimulatorState state, CancellationToken stopped)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (!Authorized(request, state.Options.AclToken, out var denial))
        {
            await Text(context, 403, denial).ConfigureAwait(false);
            return;
        }

        if (path == "/v1/agent/service/register")
        {
            if (!await RequirePut(context).ConfigureAwait(false)) return;
            var (definition, error) = await ReadRegistration(request).ConfigureAwait(false);
            if (definition is null)
            {
                await Text(context, 400, error!).ConfigureAwait(false);
                return;
            }
            state.Register(definition);
            context.Response.StatusCode = 200;
            return;
        }
        if (path.StartsWith("/v1/agent/service/deregister/", StringComparison.Ordinal))
        {
            if (!await RequirePut(context).ConfigureAwait(false)) return;
            var id = Uri.UnescapeDataString(path["/v1/agent/service/deregister/".Length..]);
            if (state.Deregister(id)) context.Response.StatusCode = 200;
            else await Text(context, 404, $"Unknown service ID \"{id}\". Ensure that the service ID is passed, not the service name.").ConfigureAwait(false);
            return;
        }
        if (path.StartsWith("/v1/agent/check/pass/", StringComparison.Ordinal))
        {
            if (!await RequirePut(context).ConfigureAwait(false)) return;
            var id = Uri.UnescapeDataString(path["/v1/agent/check/pass/".Length..]);
            if (state.Pass(id, request.Query["note"].ToString())) context.Response.StatusCode = 200;
            else await Text(context, 404, $"Unknown check ID \"{id}\". Ensure that the check ID is passed, not the check name.").ConfigureAwait(false);
            return;
        }
        if (path.StartsWith("/v1/health/service/", StringComparison.Ordinal))
        {
            if (!HttpMethods.IsGet(request.Method))
            {
                await Text(context, 405, "method not allowed").ConfigureAwait(false);
                return;
            }
            await HealthServiceAsync(context, state, Uri.UnescapeDataString(path["/v1/health/service/".Length..]), stopped).ConfigureAwait(false);
            return;
        }
        await Text(context, 404, "404 page not found (the Consul simulator serves only the endpoints Sworm uses)").ConfigureAwait(false);
    }

    private static async Task HealthServiceAsync(HttpContext context, SimulatorState state, string name, CancellationToken stopped)
    {
        var query = context.Request.Query;
        if (name.Length == 0)
        {
            await Text(context, 400, "Missing service name").ConfigureAwait(false);
            return;
        }
        long requested = 0;
        if (query.TryGetValue("index", out var indexText) && !long.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out requested))
        {
            await Text(context, 400, "Invalid index").ConfigureAwait(false);
            return;
        }
        var wait = DefaultWait;
        if (query.TryGetValue("wait", out var waitText) && (!GoDuration.TryParse(waitText, out wait)))
        {
            await Text(context, 400, "Invalid wait time").ConfigureAwait(false);
            return;
        }
        if (wait > MaxWait || wait <= TimeSpan.Zero) wait = wait <= TimeSpan.Zero ? DefaultWait : MaxWait;
        // "passing" is a flag: present without a value, or with a true value.
        var passingOnly = query.TryGetValue("passing", out var passing) &&
                          (string.IsNullOrEmpty(passing) || !bool.TryParse(passing, out var flag) || flag);

        if (requested > 0)
        {
            // Consul adds up to wait/16 of random jitter so that many watchers do not wake together.
            var deadline = DateTime.UtcNow + wait + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * wait.TotalMilliseconds / 16);
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(stopped, context.RequestAborted);
            while (state.IndexOf(name) <= requested)
            {
                var change = state.NextChange;
                if (state.IndexOf(name) > requested) break;
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) break;
                try
                {
                    await change.WaitAsync(left, aborted.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    break;
                }
                catch (OperationCanceledException) when (!stopped.IsCancellationRequested)
                {
                    return; // the client went away
                }
            }
        }

        var (instances, index) = state.Read(name);
        var nodeName = state.Options.NodeName;
        var entries = instances
            .Where(s => !passingOnly || s.CheckStatus == "passing")
            .Select(s => HealthEntry(s, nodeName))
            .ToList();
        context.Response.StatusCode = 200;
        context.Response.Headers["X-Consul-Index"] = index.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Consul-KnownLeader"] = "true";
        context.Response.Headers["X-Consul-LastContact"] = "0";
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, entries, cancellationToken: stopped).ConfigureAwait(false);
    }

    private static Dictionary<string, object?> HealthEntry(ServiceSnapshot s, string nodeName)
    {
        var node = new Dictionary<string, object?>
        {
            ["ID"] = "00000000-0000-0000-0000-000000000001", ["Node"] = nodeName, ["Address"] = "127.0.0.1",
            ["Datacenter"] = "dc1", ["TaggedAddresses"] = new Dictionary<string, string>(), ["Meta"] = new Dictionary<string, string>(),
        };
        var service = new Dictionary<string, object?>
        {
            ["ID"] = s.Id, ["Service"] = s.Name, ["Tags"] = s.Tags, ["Address"] = s.Address, ["Meta"] = s.Meta, ["Port"] = s.Port,
            ["Weights"] = new Dictionary<string, int> { ["Passing"] = 1, ["Warning"] = 1 }, ["EnableTagOverride"] = false,
        };
        // A dev agent's node carries the serfHealth check; the passing filter requires every check to pass.
        var serf = new Dictionary<string, object?>
        {
            ["Node"] = nodeName, ["CheckID"] = "serfHealth", ["Name"] = "Serf Health Status", ["Status"] = "passing",
            ["Notes"] = "", ["Output"] = "Agent alive and reachable", ["ServiceID"] = "", ["ServiceName"] = "", ["ServiceTags"] = Array.Empty<string>(),
            ["Type"] = "", ["CreateIndex"] = 1, ["ModifyIndex"] = 1,
        };
        var checks = new List<Dictionary<string, object?>> { serf };
        if (s.CheckId is not null)
        {
            checks.Add(new Dictionary<string, object?>
            {
                ["Node"] = nodeName, ["CheckID"] = s.CheckId, ["Name"] = $"Service '{s.Name}' check", ["Status"] = s.CheckStatus,
                ["Notes"] = "", ["Output"] = s.CheckOutput, ["ServiceID"] = s.Id, ["ServiceName"] = s.Name, ["ServiceTags"] = s.Tags,
                ["Type"] = "ttl", ["CreateIndex"] = s.CheckModifyIndex, ["ModifyIndex"] = s.CheckModifyIndex,
            });
        }
        return new Dictionary<string, object?> { ["Node"] = node, ["Service"] = service, ["Checks"] = checks };
    }

    private static async Task<(SimulatedServiceDefinition? Definition, string? Error)> ReadRegistration(HttpRequest request)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return (null, "Request decode failed: " + e.Message);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, "Request decode failed: body is not an object");
            var name = Str(root, "Name");
            if (string.IsNullOrEmpty(name)) return (null, "Missing service name");
            var id = Str(root, "ID") is { Length: > 0 } given ? given : name;
            var tags = Prop(root, "Tags") is { ValueKind: JsonValueKind.Array } t ? t.EnumerateArray().Select(e => e.GetString() ?? "").ToArray() : [];
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Prop(root, "Meta") is { ValueKind: JsonValueKind.Object } m)
                foreach (var p in m.EnumerateObject()) meta[p.Name] = p.Value.GetString() ?? "";
            var port = Prop(root, "Port") is { ValueKind: JsonValueKind.Number } pe && pe.TryGetInt32(out var pv) ? pv : 0;

            var check = Prop(root, "Check");
            if (check is null && Prop(root, "Checks") is { ValueKind: JsonValueKind.Array } checks)
            {
                var all = checks.EnumerateArray().ToList();
                if (all.Count > 1) return (null, "the Consul simulator supports one check per service");
                check = all.Count == 1 ? all[0] : null;
            }
            string? checkId = null, status = null;
            TimeSpan? ttl = null, deregisterAfter = null;
            if (check is { ValueKind: JsonValueKind.Object } c)
            {
                if (Str(c, "TTL") is not { } ttlText) return (null, "the Consul simulator supports TTL checks only");
                if (!GoDuration.TryParse(ttlText, out var ttlValue) || ttlValue <= TimeSpan.Zero) return (null, $"Invalid check: TTL must be > 0 for TTL checks ({ttlText})");
                ttl = ttlValue;
                if (Str(c, "DeregisterCriticalServiceAfter") is { } after)
                {
                    if (!GoDuration.TryParse(after, out var afterValue)) return (null, "Invalid DeregisterCriticalServiceAfter: " + after);
                    deregisterAfter = afterValue;
                }
                status = Str(c, "Status") is { Length: > 0 } st ? st : null;
                if (status is not (null or "passing" or "warning" or "critical")) return (null, "Invalid check status: " + status);
                checkId = Str(c, "CheckID") is { Length: > 0 } cid ? cid : "service:" + id;
            }
            return (new SimulatedServiceDefinition(id, name, tags, Str(root, "Address") ?? "", port, meta, checkId, ttl, deregisterAfter, status), null);
        }
    }

    // Consul decodes JSON field names case-insensitively.
    private static JsonElement? Prop(JsonElement obj, string name)
    {
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private static string? Str(JsonElement obj, string name) =>
        Prop(obj, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static bool Authorized(HttpRequest request, string? required, out string denial)
    {
        denial = "";
        if (required is null) return true;
        string? token = request.Headers["X-Consul-Token"].FirstOrDefault();
        if (string.IsNullOrEmpty(token) && request.Headers.Authorization.FirstOrDefault() is { } auth &&
            auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = auth["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(token)) token = request.Query["token"].FirstOrDefault();
        if (string.IsNullOrEmpty(token))
        {
            denial = "Permission denied: anonymous token lacks permission";
            return false;
        }
        if (token != required)
        {
            denial = "ACL not found";
            return false;
        }
        return true;
    }

    private static async Task<bool> RequirePut(HttpContext context)
    {
        if (HttpMethods.IsPut(context.Request.Method)) return true;
        await Text(context, 405, "method " + context.Request.Method + " not allowed").ConfigureAwait(false);
        return false;
    }

    private static Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
