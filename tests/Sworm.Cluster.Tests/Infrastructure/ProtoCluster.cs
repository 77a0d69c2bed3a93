using Sworm.Membership;

namespace Sworm.Cluster.Tests.Infrastructure;

/// <summary>
/// The members one test starts, under a cluster name no other test uses; disposing it stops them all in
/// parallel (each graceful shutdown takes Proto about a second).
/// </summary>
internal sealed class ProtoCluster : IAsyncDisposable
{
    private readonly List<ProtoMember> _members = [];
    private readonly Lock _lock = new();

    public string Name { get; } = "sworm-test-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyList<ProtoMember> Members
    {
        get { lock (_lock) return _members.ToArray(); }
    }

    public static SeedNodeOptions Options(params string[] seeds) => new(seeds);

    public async Task<ProtoMember> StartAsync(SeedNodeOptions options, int port = 0)
    {
        var member = await ProtoMember.StartAsync(Name, options, port);
        lock (_lock) _members.Add(member);
        return member;
    }

    public Task<ProtoMember> StartAsync(params string[] seeds) => StartAsync(Options(seeds));

    public string Describe() => string.Join("; ", Members.Select(m => m.ToString()));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Members.Select(m => m.DisposeAsync().AsTask()));
    }
}
