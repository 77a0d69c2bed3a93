using Proto;
using Sworm.Registry;
using Xunit;

namespace Sworm.Runtime.Tests.Registry;

/// <summary>
/// The replica on its own (no actors): what it shows when two members publish one name, which Proto's identity
/// lookup can cause for a moment while the topology changes.
/// </summary>
public sealed class RegistryReplicaTests
{
    private static readonly PID OnA = PID.FromAddress("127.0.0.1:1001", "$1");
    private static readonly PID OnB = PID.FromAddress("127.0.0.1:1002", "$1");

    [Fact]
    public void A_name_published_by_two_members_survives_the_one_that_leaves()
    {
        var replica = new RegistryReplica();
        replica.Apply("a", 1, Added("room", OnA));
        replica.Apply("b", 1, Added("room", OnB));
        // Two live publications: the conflict rule's winner shows (whatever the arrival order).
        var winner = ConflictRule.Winner("room", ["a", "b"]);
        Assert.Equal(winner == "a" ? OnA : OnB, replica.WhereIs("room"));

        replica.RemoveSource(winner);

        Assert.Equal(winner == "a" ? OnB : OnA, replica.WhereIs("room"));
        Assert.Single(replica.Registered());
    }

    [Fact]
    public void A_removal_by_one_member_leaves_the_other_publication()
    {
        var replica = new RegistryReplica();
        replica.Apply("a", 1, Added("room", OnA));
        replica.Apply("b", 1, Added("room", OnB));

        replica.Apply("a", 2, new RegistryChange(RegistryChangeKind.NameRemoved, "room", OnA));
        Assert.Equal(OnB, replica.WhereIs("room"));

        replica.RemoveSource("b");
        Assert.Null(replica.WhereIs("room"));
    }

    [Fact]
    public void A_member_republishing_a_name_replaces_its_own_publication()
    {
        var replica = new RegistryReplica();
        var restarted = PID.FromAddress("127.0.0.1:1001", "$2");
        replica.Apply("a", 1, Added("room", OnA));
        replica.Apply("a", 2, Added("room", restarted));

        replica.Apply("a", 3, new RegistryChange(RegistryChangeKind.NameRemoved, "room", restarted));

        Assert.Null(replica.WhereIs("room")); // the first publication is not resurrected
    }

    [Fact]
    public void A_removal_naming_another_pid_changes_nothing()
    {
        var replica = new RegistryReplica();
        replica.Apply("a", 1, Added("room", OnA));

        replica.Apply("a", 2, new RegistryChange(RegistryChangeKind.NameRemoved, "room", PID.FromAddress("127.0.0.1:1001", "$9")));

        Assert.Equal(OnA, replica.WhereIs("room"));
    }

    [Fact]
    public void A_snapshot_replaces_only_its_sources_part()
    {
        var replica = new RegistryReplica();
        replica.Apply("a", 1, Added("room", OnA));
        replica.Apply("b", 1, Added("room", OnB));
        replica.Apply("b", 2, Added("hall", OnB));

        replica.ApplySnapshot(new RegistrySnapshot("b", 5, [Added("hall", OnB)]));

        Assert.Equal(OnA, replica.WhereIs("room"));
        Assert.Equal(OnB, replica.WhereIs("hall"));
        Assert.Equal(5, replica.AppliedSequence("b"));
    }

    [Fact]
    public void Entries_from_separate_deltas_share_one_address_and_one_member_id()
    {
        // What deserialization does: every delta brings its own equal-but-distinct copies of these strings.
        static string Copy(string s) => new(s.AsSpan());
        var replica = new RegistryReplica();
        replica.Apply(Copy("a"), 1, Added("x", PID.FromAddress(Copy("127.0.0.1:1001"), "$1")));
        replica.Apply(Copy("a"), 2, Added("y", PID.FromAddress(Copy("127.0.0.1:1001"), "$2")));

        var x = replica.EntryOf("x")!;
        var y = replica.EntryOf("y")!;
        Assert.Same(x.Pid.Address, y.Pid.Address);
        Assert.Same(x.Source, y.Source);
        Assert.Equal("127.0.0.1:1001", y.Pid.Address);
    }

    private static RegistryChange Added(string name, PID pid) => new(RegistryChangeKind.NameAdded, name, pid);
}
