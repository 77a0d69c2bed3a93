using Xunit;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>A test that needs a real Consul agent: skipped, with the reason, unless SWORM_CONSUL_ADDRESS is set.</summary>
public sealed class RealConsulFactAttribute : FactAttribute
{
    public const string Variable = "SWORM_CONSUL_ADDRESS";

    public RealConsulFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"No real Consul agent: set {Variable} (e.g. http://127.0.0.1:8500 with `consul agent -dev` running) to run this test. " +
                   "The same scenarios run against the Consul simulator in ConsulMembershipTests.";
    }
}
