using System.Net;

namespace Sworm.Membership.Consul;

/// <summary>The agent answered a request with an error status (as opposed to not answering at all).</summary>
internal sealed class ConsulAgentException(HttpStatusCode status, string body, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The agent's answer (Consul sends plain-text errors such as "ACL not found"), cut to 300 characters.</summary>
    public string Body { get; } = body;
}
