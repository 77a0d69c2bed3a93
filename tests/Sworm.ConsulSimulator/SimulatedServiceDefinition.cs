namespace Sworm.ConsulSimulator;

/// <summary>A validated service registration request.</summary>
internal sealed record SimulatedServiceDefinition(
    string Id, string Name, string[] Tags, string Address, int Port, Dictionary<string, string> Meta,
    string? CheckId, TimeSpan? Ttl, TimeSpan? DeregisterCriticalServiceAfter, string? InitialStatus);
