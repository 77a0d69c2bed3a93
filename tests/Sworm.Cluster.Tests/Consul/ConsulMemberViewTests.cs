using Proto.Cluster;
using Sworm.Membership.Consul;
using Xunit;

namespace Sworm.Cluster.Tests.Consul;

/// <summary>The merge rules of the Consul membership's view, without sockets.</summary>
public sealed class ConsulMemberViewTests
{
    private static readonly Member Self = M("self", 1);

    private static Member M(string id, int port) => new() { Id = id, Host = "127.0.0.1", Port = port };

    private static ConsulHealthResult Listing(long index, params (string Id, long CheckIndex)[] instances) =>
        new(instances.Select((i, n) => new ConsulInstance(M(i.Id, 100 + n), i.CheckIndex)).Append(new ConsulInstance(Self, 1)).ToList(), index);

    private static string[] Ids(IReadOnlyCollection<Member>? members) => members!.Select(m => m.Id).Order().ToArray();

    private static bool NotBlocked(string id) => false;

    [Fact]
    public void A_member_the_detector_removed_stays_out_while_Consul_lists_the_same_passing_check_and_returns_with_a_fresh_one()
    {
        var view = new ConsulMemberView(Self, TimeSpan.FromSeconds(5));
        view.Listed(Listing(20, ("b", 15)));
        Assert.Equal(["b", "self"], Ids(view.Next(NotBlocked)));

        Assert.True(view.Suppress("b"));
        Assert.Equal(["self"], Ids(view.Next(NotBlocked)));

        view.Listed(Listing(21, ("b", 15)));   // still passing, same check state: not fresh
        Assert.Null(view.Next(NotBlocked));
        view.Listed(Listing(30, ("b", 29)));   // went critical and passed again: fresh
        Assert.Equal(["b", "self"], Ids(view.Next(NotBlocked)));
    }

    [Fact]
    public void The_first_computation_publishes_even_a_lone_member_because_Proto_waits_for_it()
    {
        var view = new ConsulMemberView(Self, TimeSpan.FromSeconds(5));
        view.Listed(Listing(20));
        Assert.Equal(["self"], Ids(view.Next(NotBlocked)));
        Assert.Null(view.Next(NotBlocked));
    }

    [Fact]
    public void During_the_grace_period_members_missing_from_Consul_are_kept_but_suppressed_ones_are_not()
    {
        var view = new ConsulMemberView(Self, TimeSpan.FromMinutes(1));
        view.Listed(Listing(20, ("b", 15), ("c", 16)));
        Assert.Equal(["b", "c", "self"], Ids(view.Next(NotBlocked)));

        view.IndexReset();                      // agent restarted empty
        view.Listed(Listing(3));
        Assert.Null(view.Next(NotBlocked));     // b and c kept
        view.Suppress("c");
        Assert.Equal(["b", "self"], Ids(view.Next(NotBlocked)));
    }

    [Fact]
    public void Without_a_grace_period_Consul_is_authoritative_and_blocked_ids_never_come_back()
    {
        var view = new ConsulMemberView(Self, TimeSpan.FromMinutes(1));
        view.Listed(Listing(20, ("b", 15), ("c", 16)));
        Assert.Equal(["b", "c", "self"], Ids(view.Next(NotBlocked)));
        view.Listed(Listing(22, ("b", 15)));
        Assert.Equal(["b", "self"], Ids(view.Next(NotBlocked)));
        Assert.Equal(["self"], Ids(view.Next(id => id == "b")));
    }
}
