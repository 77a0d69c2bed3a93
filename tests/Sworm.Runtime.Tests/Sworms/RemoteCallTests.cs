using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Sworm.Sworms;

namespace Sworm.Runtime.Tests.Sworms;

/// <summary>
/// Every Sworm call ends by its deadline, whatever the call underneath does with its token. Regression: in the
/// 800,000-name scale run, 64 RegisterName calls stayed pending for over 5 minutes after every member had stopped,
/// because Proto 1.8's Cluster.RequestAsync awaits JoinedCluster without the token before anything else.
/// </summary>
public sealed class RemoteCallTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(300);

    /// <summary>Far more than the deadline, so a call that ignores it fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_call_that_ignores_its_token_still_ends_at_the_deadline_with_a_timeout()
    {
        var never = new TaskCompletionSource<string>();

        var call = RemoteCall.Bounded(_ => never.Task, "S", "RegisterName", "n1", Deadline, CancellationToken.None);

        var e = await Assert.ThrowsAsync<SwormTimeoutException>(() => call.WaitAsync(Guard));
        Assert.Contains("RegisterName('n1')", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_wins_over_the_deadline()
    {
        var never = new TaskCompletionSource<string>();
        using var caller = new CancellationTokenSource();

        var call = RemoteCall.Bounded(_ => never.Task, "S", "RegisterName", "n1", TimeSpan.FromMinutes(1), caller.Token);
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_cluster_request_on_a_member_that_never_joined_ends_at_the_deadline()
    {
        var provider = new NeverJoiningProvider();
        var system = new ActorSystem()
            .WithRemote(RemoteConfig.BindToLocalhost())
            .WithCluster(ClusterConfig.Setup("never-joins", provider, new PartitionIdentityLookup())
                .WithClusterKind("k", Props.FromFunc(_ => Task.CompletedTask)));
        var cluster = system.Cluster();
        // Proto's own start waits for the member to see itself, without a deadline: it never returns here.
        var start = cluster.StartMemberAsync();
        try
        {
            await provider.Started.WaitAsync(Guard);
            Assert.False(cluster.JoinedCluster.IsCompleted);

            var call = RemoteCall.Bounded(token => cluster.RequestAsync<object>("n1", "k", "hello", token),
                "S", "RegisterName", "n1", Deadline, CancellationToken.None);

            await Assert.ThrowsAsync<SwormTimeoutException>(() => call.WaitAsync(Guard));
            Assert.False(start.IsCompleted);
        }
        finally
        {
            await system.ShutdownAsync().WaitAsync(Guard);
        }
    }
}
