using Sworm.Supervision.Failover;
using Sworm.Supervision.Handoff;
using Sworm.Supervision.Placement;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>Which of a member's workers a rebalance moves (<see cref="RebalanceSelection"/>): the rendezvous rule of handoff placement.</summary>
public sealed class RebalanceSelectionTests
{
    private static readonly string[] Names = Enumerable.Range(0, 3000).Select(i => "name-" + i).ToArray();

    [Fact]
    public void A_third_member_takes_about_a_third_of_the_names_and_only_those_it_now_ranks_first()
    {
        string[] before = ["m1", "m2"];
        string[] after = ["m1", "m2", "m3"];
        var onM1 = Names.Where(n => Rendezvous.First(n, before) == "m1").ToArray();

        var moving = RebalanceSelection.ToMove(onM1, after, "m1", _ => false);

        Assert.All(moving, n => Assert.Equal("m3", Rendezvous.First(n, after)));
        Assert.All(onM1.Except(moving), n => Assert.Equal("m1", Rendezvous.First(n, after)));
        Assert.InRange(moving.Count, onM1.Length / 4, onM1.Length / 2);
    }

    [Fact]
    public void Nothing_moves_toward_a_leaving_member()
    {
        string[] members = ["m1", "m2", "m3"];
        var onM1 = Names.Where(n => Rendezvous.First(n, ["m1", "m2"]) == "m1").ToArray();

        var moving = RebalanceSelection.ToMove(onM1, members, "m1", id => id == "m3");

        Assert.Empty(moving);
    }

    [Fact]
    public void A_leaving_member_does_not_rebalance_its_leave_moves_everything()
    {
        Assert.Empty(RebalanceSelection.ToMove(Names, ["m1", "m2", "m3"], "m1", id => id == "m1"));
    }

    [Fact]
    public void A_member_the_topology_does_not_list_or_a_lone_member_moves_nothing()
    {
        Assert.Empty(RebalanceSelection.ToMove(Names, ["m2", "m3"], "m1", _ => false));
        Assert.Empty(RebalanceSelection.ToMove(Names, ["m1"], "m1", _ => false));
    }

    [Fact]
    public void A_name_placed_elsewhere_than_its_owner_moves_to_its_owner_whichever_member_joined()
    {
        string[] members = ["m1", "m2", "m3"];
        var ownedByM2 = Names.First(n => Rendezvous.First(n, members) == "m2");

        Assert.Equal([ownedByM2], RebalanceSelection.ToMove([ownedByM2], members, "m1", _ => false));
    }
}
