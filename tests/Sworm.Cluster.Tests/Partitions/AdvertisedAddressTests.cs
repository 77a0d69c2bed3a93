using Sworm.Testing;
using Sworm.Testing.Partitions;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Cluster.Tests.Partitions;

/// <summary>
/// Members on different hosts (network namespaces with their own addresses), each listening on 0.0.0.0 and advertising
/// its own address with <c>AdvertiseAs</c>, as a member in a container does: they form one cluster, and a kill -9 of one
/// fails its names over to the other host (Consul issue, deployment across hosts).
/// </summary>
public sealed class AdvertisedAddressTests(ITestOutputHelper output)
{
    [NetnsFact]
    public async Task Members_bound_to_any_address_advertise_their_own_and_fail_over_across_hosts()
    {
        await using var lab = await NetworkLab.Create(2);
        await using var cluster = await LabCluster.Start(lab, bindAny: true);
        Assert.Equal($"{lab[0].Address}:{LabCluster.Port}", cluster[0].Address);
        Assert.Equal($"{lab[1].Address}:{LabCluster.Port}", cluster[1].Address);

        const int names = 40;
        Assert.Equal($"REGISTEREDMANY {names} 0 0", await cluster[0].Ask($"registermany adv {names}", "REGISTEREDMANY", TimeSpan.FromSeconds(60)));
        await Eventually.Until(async () => (await LabCluster.Resolve(cluster[1], "adv", names)).Answered == names, "the other host to reach every name");

        cluster[1].Kill();
        await Eventually.Until(async () => (await LabCluster.Resolve(cluster[0], "adv", names)).Answered == names,
            "every name to answer on the surviving host", TimeSpan.FromSeconds(30));
        output.WriteLine("all names answer on the surviving host after the kill");
    }
}
