using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Registry;

/// <summary>
/// A registration in flight on a member whose name host stops (the member leaves) is routed again, not left to time
/// out: Proto drops the host's pending steps when it stops, so the host tells whoever waits on a delegate to ask again.
/// </summary>
public sealed class StoppingHostTests
{
    [Fact]
    public async Task A_registration_in_flight_on_a_leaving_member_is_served_by_a_member_that_stays()
    {
        // A long request timeout: without the host's answer the caller would wait all of it and fail.
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>(),
            c => c.WithRequestTimeout(TimeSpan.FromSeconds(30)));
        var caller = cluster[0].Sworm<ClusterProcesses>();
        var leaving = cluster[1];
        // A name the leaving member owns: it places a probe registration there (the tombstone the probe leaves blocks
        // restores only, not a new registration).
        string name;
        while (true)
        {
            name = "inflight-" + Guid.NewGuid().ToString("N")[..10];
            var landed = (await caller.RegisterName(name, PlacedWorker.Spec(name))).Pid.Address;
            await caller.UnregisterName(name);
            if (landed == leaving.Address)
            {
                break;
            }
        }

        // Its worker takes 1.5 s to start: the registration is still in flight when the member leaves.
        var before = SlowStartWorker.Constructed;
        var registering = caller.RegisterName(name, SlowStartWorker.Spec(1500));
        await Eventually.Until(() => SlowStartWorker.Constructed > before, "the leaving member's delegate to build the worker");
        var stopping = cluster.StopMember(leaving);

        var result = await registering.WaitAsync(TimeSpan.FromSeconds(25));
        await stopping.WaitAsync(TimeSpan.FromSeconds(25));

        Assert.Equal(cluster[0].Address, result.Pid.Address);
        Assert.Equal(cluster[0].Address, (await caller.Request<Here>(name, new Where())).Address);
    }
}
