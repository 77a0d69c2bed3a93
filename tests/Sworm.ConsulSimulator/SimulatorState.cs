using System.Diagnostics;

namespace Sworm.ConsulSimulator;

/// <summary>
/// The simulated agent's in-memory catalog: services with their TTL checks, and a Raft-like index that grows with
/// every change. Each service name remembers the index of its last change; that is what a blocking
/// <c>health/service</c> query waits on (Consul may also wake a query for an unrelated or idempotent change; the
/// simulator wakes waiters on any change and lets them re-check, so they only return early on real changes of their
/// service, which is one of the behaviours Consul allows).
/// </summary>
internal sealed class SimulatorState(ConsulSimulatorOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SimulatedService> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _nameIndex = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _index;
    private long _requests;

    public ConsulSimulatorOptions Options => options;

    public long RequestCount => Interlocked.Read(ref _requests);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Completes at the next change of the catalog.</summary>
    public Task NextChange
    {
        get { lock (_lock) return _changed.Task; }
    }

    /// <summary>Empties the catalog; the index starts again at <paramref name="startIndex"/> (&gt; 0).</summary>
    public void Reset(long startIndex = 10)
    {
        lock (_lock)
        {
            _services.Clear();
            _nameIndex.Clear();
            // A fresh dev agent's catalog already holds a few entries (its node, the consul service).
            _index = startIndex;
            Changed();
        }
    }

    public long IndexOf(string serviceName)
    {
        lock (_lock) return _nameIndex.TryGetValue(serviceName, out var index) ? index : Math.Max(_index, 1);
    }

    public IReadOnlyList<ServiceSnapshot> Snapshot()
    {
        lock (_lock) return _services.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Snapshot()).ToList();
    }

    /// <summary>The instances of a service and the index they reflect, read under one lock.</summary>
    public (List<ServiceSnapshot> Instances, long Index) Read(string serviceName)
    {
        lock (_lock)
        {
            var list = _services.Values.Where(s => s.Name == serviceName).OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => s.Snapshot()).ToList();
            return (list, _nameIndex.TryGetValue(serviceName, out var index) ? index : Math.Max(_index, 1));
        }
    }

    public void Register(SimulatedServiceDefinition definition)
    {
        lock (_lock)
        {
            var index = ++_index;
            var now = Stopwatch.GetTimestamp();
            _services.TryGetValue(definition.Id, out var existing);
            var service = existing ?? new SimulatedService { Id = definition.Id, Name = definition.Name, CreateIndex = index };
            if (existing is not null && existing.Name != definition.Name) Touch(existing.Name, index);
            service.Name = definition.Name;
            service.Tags = definition.Tags;
            service.Address = definition.Address;
            service.Port = definition.Port;
            service.Meta = definition.Meta;
            service.ModifyIndex = index;
            var sameCheck = existing?.CheckId is not null && existing.CheckId == definition.CheckId;
            service.CheckId = definition.CheckId;
            service.Ttl = definition.Ttl;
            service.DeregisterCriticalServiceAfter = definition.DeregisterCriticalServiceAfter;
            if (!sameCheck)
            {
                // A new TTL check starts critical unless its definition gives an initial Status.
                service.CheckStatus = definition.InitialStatus ?? "critical";
                service.CheckOutput = "";
                service.CheckCreateIndex = index;
                service.TtlRefreshedAt = now;
                service.CriticalSince = service.CheckStatus == "critical" ? now : null;
            }
            else if (definition.InitialStatus is { } status)
            {
                service.CheckStatus = status;
                service.TtlRefreshedAt = now;
                service.CriticalSince = status == "critical" ? now : null;
            }
            service.CheckModifyIndex = index;
            _services[definition.Id] = service;
            Touch(service.Name, index);
            Changed();
        }
    }

    public bool Deregister(string serviceId)
    {
        lock (_lock)
        {
            if (!_services.Remove(serviceId, out var removed)) return false;
            Touch(removed.Name, ++_index);
            Changed();
            return true;
        }
    }

    /// <summary>Sets a TTL check to passing; false when no such check exists.</summary>
    public bool Pass(string checkId, string note)
    {
        lock (_lock)
        {
            var service = _services.Values.FirstOrDefault(s => s.CheckId == checkId);
            if (service is null) return false;
            service.TtlRefreshedAt = Stopwatch.GetTimestamp();
            service.CriticalSince = null;
            // Like the agent, only a change of status or output is a change of the catalog.
            if (service.CheckStatus == "passing" && service.CheckOutput == note) return true;
            service.CheckStatus = "passing";
            service.CheckOutput = note;
            var index = ++_index;
            service.CheckModifyIndex = index;
            Touch(service.Name, index);
            Changed();
            return true;
        }
    }

    public void ExpireTtls()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var changed = false;
            foreach (var service in _services.Values)
            {
                if (service.Ttl is not { } ttl || service.CheckStatus == "critical") continue;
                if (Stopwatch.GetElapsedTime(service.TtlRefreshedAt, now) <= ttl) continue;
                service.CheckStatus = "critical";
                service.CheckOutput = "TTL expired";
                service.CriticalSince = now;
                var index = ++_index;
                service.CheckModifyIndex = index;
                Touch(service.Name, index);
                changed = true;
            }
            if (changed) Changed();
        }
    }

    public void Reap()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var doomed = _services.Values.Where(s =>
                    s.DeregisterCriticalServiceAfter is { } after && s.CriticalSince is { } since &&
                    Stopwatch.GetElapsedTime(since, now) > Max(after, options.MinimumDeregisterCriticalServiceAfter))
                .ToList();
            foreach (var service in doomed)
            {
                _services.Remove(service.Id);
                Touch(service.Name, ++_index);
            }
            if (doomed.Count > 0) Changed();
        }
    }

    private void Touch(string serviceName, long index) => _nameIndex[serviceName] = index;

    private void Changed()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
