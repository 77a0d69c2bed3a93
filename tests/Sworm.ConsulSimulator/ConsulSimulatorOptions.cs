namespace Sworm.ConsulSimulator;

/// <summary>Settings of the Consul agent simulator (tests only).</summary>
public sealed class ConsulSimulatorOptions
{
    /// <summary>
    /// When set, every request must carry this token (header <c>X-Consul-Token</c>, <c>Authorization: Bearer</c>,
    /// or the <c>token</c> query parameter), as with ACLs in default-deny mode: no token gets 403
    /// "Permission denied", another token gets 403 "ACL not found". Null (default): ACLs disabled.
    /// </summary>
    public string? AclToken { get; set; }

    /// <summary>
    /// How often the reaper removes services whose check has been critical for longer than their
    /// <c>DeregisterCriticalServiceAfter</c>. Consul reaps at a coarse interval (about 30 s); tests shorten it.
    /// </summary>
    public TimeSpan ReapInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Consul's floor for <c>DeregisterCriticalServiceAfter</c> (1 minute in Consul: shorter values act as 1
    /// minute). Tests lower it.
    /// </summary>
    public TimeSpan MinimumDeregisterCriticalServiceAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often TTL expiry is checked; this bounds how late a TTL check turns critical.</summary>
    public TimeSpan TtlResolution { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The node name reported in health entries (a dev agent reports its host name).</summary>
    public string NodeName { get; set; } = "consul-simulator";
}
