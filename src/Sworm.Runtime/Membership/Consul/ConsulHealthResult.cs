namespace Sworm.Membership.Consul;

/// <summary>The answer to a health query: the passing instances and the agent's <c>X-Consul-Index</c>.</summary>
internal sealed record ConsulHealthResult(IReadOnlyList<ConsulInstance> Instances, long Index);
