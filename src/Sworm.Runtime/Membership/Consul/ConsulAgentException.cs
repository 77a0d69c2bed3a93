using System.Net;

namespace Sworm.Membership.Consul;

/// <summary>The agent answered a request with an error status (as opposed to not answering at all).</summary>
internal sealed class ConsulAgentException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
