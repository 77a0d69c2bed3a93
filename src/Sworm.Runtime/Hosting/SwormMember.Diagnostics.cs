using Microsoft.Extensions.DependencyInjection;
using Proto.Cluster;
using Sworm.Diagnostics;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Sworms;

namespace Sworm.Hosting;

/// <summary>The member's observability: its diagnostics attached to the actor system, membership events, gauges, status.</summary>
internal sealed partial class SwormMember
{
    private SwormDiagnostics _diagnostics = null!;

    /// <summary>This member's events and instruments.</summary>
    internal SwormDiagnostics Diagnostics => _diagnostics;

    /// <summary>The sworms this member runs.</summary>
    internal IEnumerable<SwormRuntime> Runtimes => _sworms.Values;

    /// <summary>Where the member is in its life, removal by the cluster included.</summary>
    internal SwormMemberState State => Lifecycle.State switch
    {
        MemberState.NotStarted => SwormMemberState.NotStarted,
        MemberState.Starting => SwormMemberState.Starting,
        MemberState.Running when _diagnostics.RemovedReason is not null || System.Shutdown.IsCancellationRequested => SwormMemberState.Removed,
        MemberState.Running => SwormMemberState.Running,
        MemberState.Rejoining => SwormMemberState.Rejoining,
        MemberState.Stopping => SwormMemberState.Leaving,
        _ => SwormMemberState.Stopped,
    };

    /// <summary>Called once from the constructor, before the first incarnation is built.</summary>
    private void AttachDiagnostics(IServiceProvider services)
    {
        _diagnostics = services.GetService<SwormDiagnostics>() ?? new SwormDiagnostics(null, _loggerFactory);
        foreach (var sworm in _sworms.Values)
        {
            _diagnostics.Instruments.Observe(sworm.Name, () => NamesHere(sworm), () => sworm.Topology.Members().Length);
        }
    }

    /// <summary>Called for each incarnation's actor system and cluster (the first, and each rejoin).</summary>
    private void AttachDiagnostics(Cluster cluster)
    {
        _diagnostics.Attach(cluster.System);
        _ = new MemberEvents(cluster, _diagnostics);
    }

    /// <summary>How many of the sworm's names run on this member, read from the replica.</summary>
    internal int NamesHere(SwormRuntime sworm)
    {
        var address = System.Address;
        return sworm.Registry.Replica.Registered().Count(r => r.Pid.Address == address);
    }
}
