using Sworm.Testing;
using Sworm.Testing.Fixtures;
using Xunit;

namespace Sworm.Cluster.Tests.Faults;

/// <summary>
/// Faults issue, item 4: every key that crosses the wire (names, group names) arrives exactly as sent, or is refused
/// at the call. Lone surrogates are refused (UTF-8 cannot carry them); every other odd name replicates unchanged.
/// </summary>
public sealed class NamesOnTheWireTests
{
    private static readonly string[] OddNames =
    [
        "tab\there", "new\nline", "nul\0inside", "bell\a", "zero\u200bwidth", "caf\u00e9", "cafe\u0301", "\ud83d\ude00 emoji",
        "trailing ", " leading", "quote\"and'apostrophe", "back\\slash", "rtl \u202e mark", new string('n', 1024),
    ];

    [Fact]
    public async Task Odd_but_well_formed_names_and_groups_reach_the_other_member_exactly_as_sent()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        var sender = cluster[0].Sworm<ClusterProcesses>();
        var receiver = cluster[1].Sworm<ClusterProcesses>();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var names = OddNames.Select(n => n.Length >= 1024 ? n[..1018] + suffix : n + suffix).ToArray();

        foreach (var name in names)
        {
            var pid = (await sender.RegisterName(name, PlacedWorker.Spec(name))).Pid;
            Assert.True(await sender.Join(name, pid));
        }

        await Eventually.Until(async () => (await receiver.Registered()).Count(r => r.Name.EndsWith(suffix, StringComparison.Ordinal)) == names.Length,
            "the other member to see every name");
        var seen = (await receiver.Registered()).Select(r => r.Name).Where(n => n.EndsWith(suffix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(names.ToHashSet(StringComparer.Ordinal), seen);
        foreach (var name in names)
        {
            Assert.Equal(await sender.WhereIsName(name), await receiver.WhereIsName(name));
            await Eventually.Until(async () => (await receiver.Members(name)).Count == 1, $"group '{name}' to replicate");
        }

        // NFC and NFD spellings are different names, never merged.
        Assert.NotEqual(await receiver.WhereIsName("caf\u00e9" + suffix), await receiver.WhereIsName("cafe\u0301" + suffix));
    }

    [Fact]
    public async Task Lone_surrogates_are_refused_at_the_call_on_every_member_and_nothing_is_registered()
    {
        await using var cluster = await TestCluster.Start(2, s => s.AddSworm<ClusterProcesses>());
        foreach (var member in cluster.Members)
        {
            var processes = member.Sworm<ClusterProcesses>();
            await Assert.ThrowsAsync<ArgumentException>(() => processes.RegisterName("\ud800a", PlacedWorker.Spec("x")));
            await Assert.ThrowsAsync<ArgumentException>(() => processes.RegisterName("\udc00a", PlacedWorker.Spec("y")));
            await Assert.ThrowsAsync<ArgumentException>(() => processes.Publish("\udc00group", "hello"));
        }

        foreach (var member in cluster.Members)
        {
            Assert.Empty(await member.Sworm<ClusterProcesses>().Registered());
        }
    }
}
