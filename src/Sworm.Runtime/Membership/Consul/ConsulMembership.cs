using Proto.Cluster;

namespace Sworm.Membership.Consul;

/// <summary>Membership through a Consul agent's HTTP API (<c>UseConsul(...)</c>); see <see cref="ConsulProvider"/> and docs/consul.md.</summary>
internal sealed record ConsulMembership(Uri AgentAddress, ConsulMembershipOptions Options) : MembershipChoice
{
    public override void Validate() => Options.Validate(AgentAddress);

    public override IClusterProvider CreateProvider(MembershipContext context) =>
        new ConsulProvider(AgentAddress, Options, context.LoggerFactory,
            context.RemovedFromCluster is { } removed ? reason => removed(reason, []) : null, context.BeforeJoin);
}
