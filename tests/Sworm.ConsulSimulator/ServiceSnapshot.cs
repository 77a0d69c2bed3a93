namespace Sworm.ConsulSimulator;

/// <summary>What a test can inspect of a service instance registered with the simulated Consul agent.</summary>
/// <param name="Id">The service ID (unique per instance on the agent).</param>
/// <param name="Name">The service name (shared by all instances).</param>
/// <param name="Address">The registered address.</param>
/// <param name="Port">The registered port.</param>
/// <param name="Tags">The registered tags.</param>
/// <param name="Meta">The registered metadata.</param>
/// <param name="CheckId">The id of its TTL check (<c>service:&lt;Id&gt;</c> by default), null when it has none.</param>
/// <param name="CheckStatus">"passing", "warning" or "critical".</param>
/// <param name="CheckOutput">The check's output (the note of the last pass, or "TTL expired").</param>
/// <param name="CheckModifyIndex">The Raft-like index of the check's last change.</param>
public sealed record ServiceSnapshot(
    string Id, string Name, string Address, int Port, string[] Tags, IReadOnlyDictionary<string, string> Meta,
    string? CheckId, string CheckStatus, string CheckOutput, long CheckModifyIndex);
