using Sworm.Registry;

namespace Sworm.Runtime.Tests.Registry;

/// <summary>This member's part of the registry without actors: what a stop, an unpublish and a claim do.</summary>
public sealed class LocalNamesTests
{
    private static readonly PID Worker = PID.FromAddress("127.0.0.1:1001", "$w");
    private static readonly PID Delegate = PID.FromAddress("127.0.0.1:1002", "$d");

    private readonly RegistryReplica _replica = new();
    private readonly LocalNames _names;

    public LocalNamesTests() => _names = new LocalNames(new ReplicationOutbox("a", _replica));

    [Fact]
    public void A_stopped_process_loses_its_names_and_groups_and_its_claims_are_reported()
    {
        _names.PublishWorker("w", Worker);
        Assert.False(_names.Claim("c", Worker, Delegate)); // a worker: not watched, its delegate reports its stop
        _names.ChangeGroup("g", Worker, join: true);

        var notify = _names.Stopped(Worker);

        Assert.Equal([("c", Delegate)], notify);
        Assert.Null(_replica.WhereIs("w"));
        Assert.Null(_replica.WhereIs("c"));
        Assert.Empty(_replica.Members("g"));
        Assert.Equal(0, _names.ProcessCount);
    }

    [Fact]
    public void Unpublishing_the_last_name_of_a_process_says_to_unwatch_it_and_leaves_its_groups()
    {
        _names.PublishWorker("w", Worker);
        _names.ChangeGroup("g", Worker, join: true);

        Assert.Null(_names.Unpublish("w", PID.FromAddress("127.0.0.1:1001", "$other")));
        Assert.Equal(Worker, _names.Unpublish("w", Worker));

        Assert.Empty(_replica.Members("g"));
    }

    [Fact]
    public void Only_a_claim_still_tracked_can_be_repointed_and_groups_need_a_tracked_process()
    {
        Assert.False(_names.Repoint("c", Worker, Delegate, out _));
        Assert.Null(_names.ChangeGroup("g", Worker, join: true));

        _names.Claim("c", Worker, Delegate);

        Assert.True(_names.Repoint("c", Worker, Delegate, out var previous));
        Assert.Null(previous); // the same delegate: no one to tell
        Assert.True(_names.ChangeGroup("g", Worker, join: true));
    }

    [Fact]
    public void A_claim_repointed_to_another_delegate_names_the_one_that_held_it()
    {
        var adopter = PID.FromAddress("127.0.0.1:1002", "$host");
        _names.Claim("c", Worker, Delegate);

        Assert.True(_names.Repoint("c", Worker, adopter, out var previous));
        Assert.Equal(Delegate, previous);

        Assert.True(_names.Repoint("c", Worker, Delegate, out previous)); // and back
        Assert.Equal(adopter, previous);
    }

    [Fact]
    public void Each_claim_and_adoption_is_later_than_the_one_before_so_an_old_notice_cannot_clear_a_newer_holder()
    {
        var adopter = PID.FromAddress("127.0.0.1:1002", "$host");
        _names.Claim("c", Worker, Delegate);
        var claimed = _names.ClaimGeneration;

        Assert.True(_names.Repoint("c", Worker, adopter, out _));
        var adopted = _names.ClaimGeneration;
        Assert.True(_names.Repoint("c", Worker, Delegate, out _));
        var readopted = _names.ClaimGeneration;

        Assert.True(claimed < adopted && adopted < readopted);
        Assert.False(_names.Repoint("gone", Worker, adopter, out _)); // nothing adopted: no new generation
        Assert.Equal(readopted, _names.ClaimGeneration);
    }
}
