using Microsoft.Extensions.Time.Testing;
using Sworm.Supervision;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Placement;

namespace Sworm.Runtime.Tests.Supervision;

/// <summary>The small rules of supervision: rendezvous ranking and restart intensity.</summary>
public sealed class RendezvousAndIntensityTests
{
    [Fact]
    public void Every_member_ranks_the_same_way_whatever_the_order_of_the_list()
    {
        string[] members = ["m1", "m2", "m3", "m4"];

        var ranked = Rendezvous.Rank("room", members);

        Assert.Equal(ranked, Rendezvous.Rank("room", members.Reverse()));
        Assert.Equal(ranked[0], Rendezvous.First("room", members));
    }

    [Fact]
    public void When_a_member_leaves_only_the_names_it_ranked_first_move()
    {
        string[] before = ["m1", "m2", "m3"];
        string[] after = ["m1", "m2"];
        var names = Enumerable.Range(0, 300).Select(i => "n" + i).ToArray();

        var moved = names.Where(n => Rendezvous.First(n, before) != Rendezvous.First(n, after)).ToArray();

        Assert.All(moved, n => Assert.Equal("m3", Rendezvous.First(n, before)));
        Assert.InRange(moved.Length, 50, 150); // about a third
    }

    [Fact]
    public void Restarts_beyond_the_intensity_within_the_window_are_refused_until_the_window_passes()
    {
        var time = new FakeTimeProvider();
        var intensity = new RestartIntensity(maxRestarts: 2, TimeSpan.FromSeconds(5), time);

        Assert.True(intensity.TryRecord());
        Assert.True(intensity.TryRecord());
        Assert.False(intensity.TryRecord());

        time.Advance(TimeSpan.FromSeconds(5.001));
        Assert.True(intensity.TryRecord());
    }
}
