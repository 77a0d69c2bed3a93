using Microsoft.Extensions.Logging;
using Proto.Cluster;
using Sworm.Configuration;

namespace Sworm.Membership;

/// <summary>Sworm's embedded membership: join through these seed addresses (none: start a new cluster). See <see cref="SeedNodeProvider"/>.</summary>
internal sealed record SeedNodeMembership(IReadOnlyList<string> Seeds) : MembershipChoice
{
    public override void Validate() => SwormOptionsValidator.ValidateSeeds(Seeds);

    public override IClusterProvider CreateProvider(MembershipContext context)
    {
        var options = new SeedNodeOptions(Seeds) { FailureDetection = context.Detection, JoinTimeout = context.JoinTimeout };
        if (context.RejoinThrough is { Count: > 0 } known)
        {
            // A rejoin must find the cluster it was removed from, never found a new one: the members it knew come
            // first, so this member's own address is never the first seed.
            options = options with { Seeds = known.Concat(Seeds).Distinct(StringComparer.Ordinal).ToArray(), MayFound = false };
        }

        return new SeedNodeProvider(options, context.LoggerFactory, context.RemovedFromCluster, context.BeforeJoin);
    }
}
