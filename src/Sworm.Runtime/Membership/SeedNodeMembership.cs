using Microsoft.Extensions.Logging;
using Proto.Cluster;
using Sworm.Configuration;

namespace Sworm.Membership;

/// <summary>Sworm's embedded membership: join through these seed addresses (none: start a new cluster). See <see cref="SeedNodeProvider"/>.</summary>
internal sealed record SeedNodeMembership(IReadOnlyList<string> Seeds) : MembershipChoice
{
    public override void Validate() => SwormOptionsValidator.ValidateSeeds(Seeds);

    public override IClusterProvider CreateProvider(FailureDetectionOptions detection, TimeSpan joinTimeout, ILoggerFactory loggerFactory) =>
        new SeedNodeProvider(new SeedNodeOptions(Seeds) { FailureDetection = detection, JoinTimeout = joinTimeout }, loggerFactory);
}
