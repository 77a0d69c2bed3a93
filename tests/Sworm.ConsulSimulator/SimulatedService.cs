namespace Sworm.ConsulSimulator;

/// <summary>
/// One service instance registered with the simulated agent, with its single TTL check (Consul names a service's
/// only inline check <c>service:&lt;ServiceID&gt;</c>). Mutable; guarded by the simulator's lock.
/// </summary>
internal sealed class SimulatedService
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public string[] Tags { get; set; } = [];
    public string Address { get; set; } = "";
    public int Port { get; set; }
    public Dictionary<string, string> Meta { get; set; } = new(StringComparer.Ordinal);
    public long CreateIndex { get; init; }
    public long ModifyIndex { get; set; }

    public string? CheckId { get; set; }
    public TimeSpan? Ttl { get; set; }
    public TimeSpan? DeregisterCriticalServiceAfter { get; set; }
    public string CheckStatus { get; set; } = "critical";
    public string CheckOutput { get; set; } = "";
    public long CheckCreateIndex { get; set; }
    public long CheckModifyIndex { get; set; }

    /// <summary>When the TTL last got a pass (or the check was registered): Stopwatch timestamp.</summary>
    public long TtlRefreshedAt { get; set; }

    /// <summary>When the check last turned critical: Stopwatch timestamp, or null while not critical.</summary>
    public long? CriticalSince { get; set; }

    public ServiceSnapshot Snapshot() => new(Id, Name, Address, Port, [.. Tags], new Dictionary<string, string>(Meta),
        CheckId, CheckStatus, CheckOutput, CheckModifyIndex);
}
