using Microsoft.Extensions.Logging;
using Proto.Cluster;

namespace Sworm.Membership;

/// <summary>
/// Read first in this folder. How members find each other, as a value the cluster builder sets
/// (<c>UseSeedNodes(...)</c> now, <c>UseConsul(...)</c> next): it validates itself and builds the Proto cluster
/// provider with the member's own logger factory. Hosting never constructs a provider itself.
/// </summary>
internal abstract record MembershipChoice
{
    /// <summary>Throws <see cref="SwormConfigurationException"/> naming a bad setting.</summary>
    public abstract void Validate();

    /// <summary>The Proto cluster provider for one member (one incarnation of it).</summary>
    public abstract IClusterProvider CreateProvider(MembershipContext context);
}
