using System.Globalization;

namespace Sworm;

/// <summary>
/// Settings of Consul-backed membership: each member registers itself as an instance of one Consul service, keeps
/// a TTL check passing, and learns the other members from blocking <c>/v1/health/service/&lt;name&gt;?passing</c>
/// queries. Crashed members are still removed by Sworm's own detector (a refused connection to the member's
/// port) in about a second, not after <see cref="Ttl"/>. See docs/consul.md.
/// </summary>
public sealed class ConsulMembershipOptions
{
    /// <summary>Consul's longest blocking wait (its documented maximum is 10 minutes).</summary>
    private static readonly TimeSpan MaxBlockingWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The Consul service name all members of the cluster register under. Default null: the cluster name.
    /// Letters, digits and dashes are safe in DNS; '/', '?' and '#' are refused.
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// The TTL of each member's health check: Consul marks the check critical (and stops listing the member as
    /// passing) when no pass arrived for this long. Default 10 s. Must be positive and greater than
    /// <see cref="RefreshInterval"/>.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the member passes its TTL check. Default 2 s. Must be positive and less than <see cref="Ttl"/>.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After how long Consul removes the registration of a member whose check stayed critical (a crashed member).
    /// Default 1 min, which is Consul's minimum (shorter values act as 1 min, and Consul reaps only every ~30 s).
    /// Must be positive.
    /// </summary>
    public TimeSpan DeregisterCriticalServiceAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The <c>wait</c> of each blocking health query: how long the agent holds the query open when nothing
    /// changes. Default 20 s; must be positive and at most 10 min. Changes arrive as soon as they happen either way.
    /// </summary>
    public TimeSpan BlockingWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// ACL token sent as the <c>X-Consul-Token</c> header on every request (needs <c>service:write</c> on the
    /// service and <c>service:read</c>/<c>node:read</c>). Default null: no token. Never logged, never put in an
    /// exception message.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// How long a starting member keeps retrying an unreachable agent (with backoff) before the start fails with
    /// <see cref="SwormUnavailableException"/> naming the agent's address. Default 15 s. Must be positive.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Checks every setting and the agent address.
    /// </summary>
    /// <param name="agentAddress">The agent's HTTP address, e.g. http://127.0.0.1:8500.</param>
    /// <exception cref="SwormConfigurationException">A setting is invalid; the message names it.</exception>
    public void Validate(Uri? agentAddress)
    {
        if (agentAddress is null)
            throw new SwormConfigurationException("Consul agent address: missing. Pass the agent's HTTP address, e.g. http://127.0.0.1:8500.");
        if (!agentAddress.IsAbsoluteUri || (agentAddress.Scheme != Uri.UriSchemeHttp && agentAddress.Scheme != Uri.UriSchemeHttps) ||
            string.IsNullOrEmpty(agentAddress.Host))
            throw new SwormConfigurationException(
                $"Consul agent address '{agentAddress.OriginalString}': must be an absolute http:// or https:// URL with a host, e.g. http://127.0.0.1:8500.");
        if (!string.IsNullOrEmpty(agentAddress.Query) || !string.IsNullOrEmpty(agentAddress.Fragment) || !string.IsNullOrEmpty(agentAddress.UserInfo))
            throw new SwormConfigurationException(
                "Consul agent address: must not carry a query, fragment or user info (give the ACL token in ConsulMembershipOptions.Token).");
        if (ServiceName is not null && (ServiceName.Trim().Length == 0 || ServiceName.IndexOfAny(['/', '?', '#', ' ']) >= 0))
            throw new SwormConfigurationException(
                $"ConsulMembershipOptions.ServiceName '{ServiceName}': must be non-empty without '/', '?', '#' or spaces (null = the cluster name).");
        Positive(Ttl, nameof(Ttl));
        Positive(RefreshInterval, nameof(RefreshInterval));
        if (RefreshInterval >= Ttl)
            throw new SwormConfigurationException(
                $"ConsulMembershipOptions.RefreshInterval ({Format(RefreshInterval)}) must be less than Ttl ({Format(Ttl)}), " +
                "or the check turns critical between passes; a third of Ttl or less is usual.");
        Positive(DeregisterCriticalServiceAfter, nameof(DeregisterCriticalServiceAfter));
        Positive(BlockingWait, nameof(BlockingWait));
        if (BlockingWait > MaxBlockingWait)
            throw new SwormConfigurationException($"ConsulMembershipOptions.BlockingWait ({Format(BlockingWait)}): at most 10 min (Consul's limit).");
        Positive(StartupTimeout, nameof(StartupTimeout));
        // A header value cannot hold control characters; the message must not echo the token itself.
        if (Token is not null && (Token.Length == 0 || Token.Any(char.IsControl)))
            throw new SwormConfigurationException("ConsulMembershipOptions.Token: must be null or a non-empty string without control characters.");
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
            throw new SwormConfigurationException($"ConsulMembershipOptions.{name} ({Format(value)}): must be positive.");
    }

    private static string Format(TimeSpan value) =>
        value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
