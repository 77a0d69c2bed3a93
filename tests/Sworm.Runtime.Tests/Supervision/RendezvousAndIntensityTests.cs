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
    public void The_allocation_free_forms_rank_as_Rank_does()
    {
        string[] ids = ["m1", "m2", "m3", "m4", "m5"];
        var members = ids.Select((id, i) => new Proto.Cluster.Member { Id = id, Host = "127.0.0.1", Port = 4000 + i }).ToArray();

        foreach (var name in Enumerable.Range(0, 500).Select(i => "n" + i))
        {
            var ranked = Rendezvous.Rank(name, ids);
            var sorted = members.Reverse().ToArray();
            Rendezvous.SortByRank(name, sorted);

            Assert.Equal(ranked, sorted.Select(m => m.Id));
            Assert.Equal(ranked[0], Rendezvous.First(name, ids));
            Assert.Equal(ranked.First(id => id != "m1" && id != ranked[0]),
                Rendezvous.First(name, members, ranked[0], static (m, skip) => m.Id != "m1" && m.Id != skip)!.Id);
        }

        Assert.Null(Rendezvous.First("n", members, 0, static (_, _) => false));
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
