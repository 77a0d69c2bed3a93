using Proto;
using Sworm.Registry;
using Xunit;

namespace Sworm.Runtime.Tests.Partitions;

/// <summary>Name conflicts in the replica: one winner, the same on every member whatever the arrival order.</summary>
public sealed class ConflictRuleTests
{
    private static PID On(string member) => PID.FromAddress(member + ":4000", "$1");

    private static RegistryChange Added(string name, PID pid) => new(RegistryChangeKind.NameAdded, name, pid);

    [Fact]
    public void The_winner_does_not_depend_on_the_order_of_the_candidates()
    {
        for (var i = 0; i < 200; i++)
        {
            var name = "name-" + i;
            Assert.Equal(ConflictRule.Winner(name, ["a", "b", "c"]), ConflictRule.Winner(name, ["c", "a", "b"]));
        }
    }

    [Fact]
    public void Both_members_win_some_names()
    {
        var winners = Enumerable.Range(0, 200).Select(i => ConflictRule.Winner("n" + i, ["a", "b"])).ToArray();
        Assert.Contains("a", winners);
        Assert.Contains("b", winners);
    }

    [Fact]
    public void Every_replica_answers_with_the_winner_whatever_order_the_publications_arrived_in()
    {
        for (var i = 0; i < 50; i++)
        {
            var name = "hi-" + i;
            var first = new RegistryReplica();
            first.Apply("a", 1, Added(name, On("a")));
            first.Apply("b", 1, Added(name, On("b")));
            var second = new RegistryReplica();
            second.Apply("b", 1, Added(name, On("b")));
            second.Apply("a", 1, Added(name, On("a")));

            var winner = ConflictRule.Winner(name, ["a", "b"]);
            Assert.Equal(On(winner), first.WhereIs(name));
            Assert.Equal(On(winner), second.WhereIs(name));
            Assert.Contains(name, first.Conflicts);
            Assert.Contains(name, second.Conflicts);
        }
    }

    [Fact]
    public void When_the_loser_unpublishes_the_winner_remains_alone()
    {
        const string name = "hi";
        var winner = ConflictRule.Winner(name, ["a", "b"]);
        var loser = winner == "a" ? "b" : "a";
        var replica = new RegistryReplica();
        replica.Apply(winner, 1, Added(name, On(winner)));
        replica.Apply(loser, 1, Added(name, On(loser)));

        replica.Apply(loser, 2, new RegistryChange(RegistryChangeKind.NameRemoved, name, On(loser)));

        var entry = replica.EntryOf(name);
        Assert.NotNull(entry);
        Assert.Equal(winner, entry.Source);
        Assert.Null(entry.Shadowed);
    }

    [Fact]
    public void Arrange_keeps_every_publication()
    {
        var entry = new NameEntry(On("a"), "a", 1, false, new NameEntry(On("b"), "b", 1, false, new NameEntry(On("c"), "c", 1, false)));
        var arranged = ConflictRule.Arrange("x", entry);

        Assert.Equal(ConflictRule.Winner("x", ["a", "b", "c"]), arranged.Source);
        Assert.True(arranged.PublishedBy("a") && arranged.PublishedBy("b") && arranged.PublishedBy("c"));
    }
}
