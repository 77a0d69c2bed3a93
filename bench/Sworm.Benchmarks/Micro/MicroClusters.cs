using Proto;
using Sworm.Benchmarks.Load;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Micro;

/// <summary>
/// The clusters the micro-benchmarks call into, started once for all benchmark cases (they run in this process):
/// 2 Sworm members and 2 raw Proto members, with one name / identity hosted on member 0 (local) and one on member 1
/// (remote), all called from member 0.
/// </summary>
internal sealed class MicroClusters
{
    private static MicroClusters? _current;

    private MicroClusters(SwormSide sworm, RawSide raw) => (Sworm, Raw) = (sworm, raw);

    public SwormSide Sworm { get; }
    public RawSide Raw { get; }

    /// <summary>Sworm names (key: local / remote) and the pids of their workers.</summary>
    public Dictionary<string, (string Name, PID Pid)> SwormNames { get; } = [];

    /// <summary>Raw Proto identities (key: local / remote).</summary>
    public Dictionary<string, string> RawIdentities { get; } = [];

    public static MicroClusters Current => _current ?? throw new InvalidOperationException("MicroClusters.Start was not called");

    public static async Task Start()
    {
        var clusters = new MicroClusters(await SwormSide.Start(2), await RawSide.Start(2));
        var local = clusters.Sworm.AddressOf(0);
        for (var i = 0; clusters.SwormNames.Count < 2 || clusters.RawIdentities.Count < 2; i++)
        {
            var name = "micro-" + i;
            var here = await clusters.Sworm.NewName(0, name);
            clusters.SwormNames.TryAdd(here.Address == local ? "local" : "remote", (name, here.Self));
            var raw = await clusters.Raw.NewName(0, name);
            clusters.RawIdentities.TryAdd(raw.Address == clusters.Raw.AddressOf(0) ? "local" : "remote", name);
        }

        _current = clusters;
    }

    public static async Task Stop()
    {
        if (_current is { } clusters)
        {
            _current = null;
            await clusters.Sworm.DisposeAsync();
            await clusters.Raw.DisposeAsync();
        }
    }
}
