using Sworm.Diagnostics;

namespace Sworm.Hosting;

/// <summary>The member's <see cref="ISwormMonitor"/>: a read of its lifecycle, topology and replicas, and its event hub.</summary>
internal sealed class SwormMonitor(SwormMember member) : ISwormMonitor
{
    private SwormEventHub Events => member.Diagnostics.Events;

    public SwormStatus Status()
    {
        var state = member.State;
        var running = state is SwormMemberState.Running or SwormMemberState.Leaving;
        var clusterMembers = running
            ? member.Cluster.MemberList.GetAllMembers().Select(m => m.Address).Order(StringComparer.Ordinal).ToArray()
            : [];
        var sworms = member.Runtimes.Select(sworm =>
        {
            var members = running ? sworm.Topology.Members().Select(m => m.Address).Order(StringComparer.Ordinal).ToArray() : [];
            var perMember = members.ToDictionary(a => a, _ => 0, StringComparer.Ordinal);
            var registered = sworm.Registry.Replica.Registered();
            foreach (var registration in registered)
            {
                perMember[registration.Pid.Address] = perMember.GetValueOrDefault(registration.Pid.Address) + 1;
            }

            return new SwormSummary(sworm.Name, members, perMember, registered.Count);
        }).OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return new SwormStatus(member.System.Address, member.System.Id, state, clusterMembers, sworms);
    }

    public IReadOnlyList<SwormEvent> RecentEvents() => Events.Recent();

    public IDisposable Subscribe(Action<SwormEvent> onEvent) => Events.Subscribe(onEvent);
}
