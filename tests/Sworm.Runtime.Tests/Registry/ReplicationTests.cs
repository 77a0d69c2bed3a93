using Sworm.Registry;

namespace Sworm.Runtime.Tests.Registry;

/// <summary>Replication without actors: an outbox numbering changes, an inbox applying them in order, gaps, snapshots.</summary>
public sealed class ReplicationTests
{
    private static readonly PID P1 = PID.FromAddress("127.0.0.1:1001", "$1");
    private static readonly PID P2 = PID.FromAddress("127.0.0.1:1001", "$2");

    [Fact]
    public void Changes_are_applied_locally_at_once_and_leave_as_one_numbered_delta()
    {
        var local = new RegistryReplica();
        var outbox = new ReplicationOutbox("a", local);

        outbox.Record(RegistryChangeKind.NameAdded, "x", P1);
        outbox.Record(RegistryChangeKind.NameAdded, "y", P2);

        Assert.Equal(P1, local.WhereIs("x"));
        var delta = outbox.TakeDelta()!;
        Assert.Equal(1, delta.FirstSequence);
        Assert.Equal(2, delta.Changes.Length);
        Assert.Null(outbox.TakeDelta());
        outbox.Record(RegistryChangeKind.NameRemoved, "x", P1);
        Assert.Equal(3, outbox.TakeDelta()!.FirstSequence);
    }

    [Fact]
    public void Deltas_in_sequence_are_applied_and_a_gap_asks_for_a_snapshot()
    {
        var source = new ReplicationOutbox("a", new RegistryReplica());
        var replica = new RegistryReplica();
        var inbox = new ReplicationInbox(replica);

        source.Record(RegistryChangeKind.NameAdded, "x", P1);
        Assert.False(inbox.Receive(source.TakeDelta()!));
        source.Record(RegistryChangeKind.NameAdded, "lost", P2);
        source.TakeDelta(); // never arrives
        source.Record(RegistryChangeKind.NameAdded, "y", P2);

        Assert.True(inbox.Receive(source.TakeDelta()!));
        Assert.Null(replica.WhereIs("y"));
        Assert.Contains("a", inbox.Unsynced);
        Assert.False(inbox.IsSynced);
    }

    [Fact]
    public void A_head_beyond_what_was_applied_shows_a_replica_that_missed_deltas_and_no_further_delta_would_show_it()
    {
        var source = new ReplicationOutbox("a", new RegistryReplica());
        var replica = new RegistryReplica();
        var inbox = new ReplicationInbox(replica);
        inbox.Receive(new RegistrySnapshot("a", 0, []));

        source.Record(RegistryChangeKind.NameAdded, "x", P1);
        Assert.False(inbox.Receive(source.TakeDelta()!));
        Assert.False(inbox.IsBehind(new RegistryHead("a", source.LastSequence)));

        // Sent before the source saw this member: never arrives, and nothing after it reveals the gap.
        source.Record(RegistryChangeKind.NameAdded, "missed", P2);
        source.TakeDelta();
        Assert.True(inbox.IsBehind(new RegistryHead("a", source.LastSequence)));

        // While a snapshot is due the head says nothing more.
        inbox.NeedSnapshot("a");
        Assert.False(inbox.IsBehind(new RegistryHead("a", source.LastSequence)));
        inbox.Receive(new RegistrySnapshot("a", source.LastSequence, [new RegistryChange(RegistryChangeKind.NameAdded, "x", P1), new RegistryChange(RegistryChangeKind.NameAdded, "missed", P2)]));
        Assert.False(inbox.IsBehind(new RegistryHead("a", source.LastSequence)));
        Assert.Equal(P2, replica.WhereIs("missed"));
    }

    [Fact]
    public void A_snapshot_replaces_the_sources_part_and_buffered_deltas_apply_on_top()
    {
        var names = new ReplicationOutbox("a", new RegistryReplica());
        var local = new LocalNames(names);
        var replica = new RegistryReplica();
        var inbox = new ReplicationInbox(replica);
        replica.Apply("a", 1, new RegistryChange(RegistryChangeKind.NameAdded, "stale", P1));
        inbox.NeedSnapshot("a");

        local.PublishWorker("x", P1);
        var snapshot = local.Snapshot();
        names.TakeDelta();
        local.PublishWorker("y", P2);
        Assert.False(inbox.Receive(names.TakeDelta()!)); // buffered: not synced yet
        inbox.Receive(snapshot);

        Assert.True(inbox.IsSynced);
        Assert.Null(replica.WhereIs("stale"));
        Assert.Equal(P1, replica.WhereIs("x"));
        Assert.Equal(P2, replica.WhereIs("y"));
    }

    [Fact]
    public void A_source_that_left_is_forgotten_with_its_names()
    {
        var replica = new RegistryReplica();
        var inbox = new ReplicationInbox(replica);
        replica.Apply("a", 1, new RegistryChange(RegistryChangeKind.NameAdded, "x", P1));
        inbox.NeedSnapshot("a");

        inbox.Forget("a", removeFromReplica: true);

        Assert.Null(replica.WhereIs("x"));
        Assert.True(inbox.IsSynced);
    }
}
