using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sworm.Hosting;

/// <summary>
/// The member's health, from where it is in its life: Unhealthy before it joined, while and after it leaves, and
/// once the cluster removed it; Unhealthy below quorum when a quorum rule is set (<c>WithStaticQuorum</c>);
/// Healthy otherwise. The description says which, and the data carry the member, its state and the members it sees.
/// </summary>
internal sealed class SwormHealthCheck(SwormMember member) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = member.State;
        var address = member.System.Address;
        var result = state switch
        {
            SwormMemberState.NotStarted or SwormMemberState.Starting => Unhealthy(state, $"Sworm member has not joined cluster '{member.Options.ClusterName}' yet ({state})"),
            SwormMemberState.Leaving => Unhealthy(state, $"Sworm member {address} is leaving cluster '{member.Options.ClusterName}' (its host is stopping)"),
            SwormMemberState.Stopped => Unhealthy(state, $"Sworm member {address} left cluster '{member.Options.ClusterName}'"),
            SwormMemberState.Rejoining => Unhealthy(state,
                $"Sworm member {address} was removed from cluster '{member.Options.ClusterName}' ({member.Lifecycle.RejoinReason}) and is rejoining under a new identity"),
            SwormMemberState.Removed => Unhealthy(state,
                $"Sworm member {address} was removed from cluster '{member.Options.ClusterName}': {member.Diagnostics.RemovedReason ?? "its actor system is shutting down"}; restart the process to rejoin"),
            _ => Running(),
        };
        return Task.FromResult(result);
    }

    private HealthCheckResult Running()
    {
        var members = member.Cluster.MemberList.GetAllMembers().Length;
        var quorum = member.Lifecycle.Quorum;
        if (quorum.IsBelow)
        {
            return Unhealthy(SwormMemberState.Running,
                $"Sworm member {member.System.Address} is below quorum: {quorum.LiveMembers()} of the {quorum.Required} members needed (WithStaticQuorum); " +
                "it refuses registrations and runs no supervised workers until the cluster is whole again", members);
        }

        return HealthCheckResult.Healthy(
            $"Sworm member {member.System.Address} is in cluster '{member.Options.ClusterName}' with {members} members",
            Data(SwormMemberState.Running, members));
    }

    private HealthCheckResult Unhealthy(SwormMemberState state, string description, int? members = null) =>
        HealthCheckResult.Unhealthy(description, data: Data(state, members ?? 0));

    private Dictionary<string, object> Data(SwormMemberState state, int members) => new(StringComparer.Ordinal)
    {
        ["member"] = member.System.Address,
        ["state"] = state.ToString(),
        ["members"] = members,
    };
}
