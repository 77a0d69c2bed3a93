namespace Sworm.Testing;

/// <summary>
/// N Sworm members in the test process, each in its own host on a free loopback port, joined through the
/// first member as seed. Start waits until every member sees every other one; disposing stops them all.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Action<SwormBuilder> _addSworms;
    private readonly Action<SwormClusterBuilder>? _configureCluster;

    private TestCluster(string name, Action<SwormBuilder> addSworms, Action<SwormClusterBuilder>? configureCluster)
    {
        Name = name;
        _addSworms = addSworms;
        _configureCluster = configureCluster;
    }

    public string Name { get; }
    public List<TestMember> Members { get; } = [];
    public TestMember this[int index] => Members[index];

    public static async Task<TestCluster> Start(int size, Action<SwormBuilder> addSworms, Action<SwormClusterBuilder>? configureCluster = null)
    {
        var cluster = new TestCluster("test-" + Guid.NewGuid().ToString("N")[..8], addSworms, configureCluster);
        try
        {
            for (var i = 0; i < size; i++)
            {
                await cluster.AddMember().ConfigureAwait(false);
            }

            await cluster.WaitUntilConverged().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one more member that joins through the first one (or starts the cluster if it is the first).</summary>
    public async Task<TestMember> AddMember(Action<SwormBuilder>? addSworms = null)
    {
        var seed = Members.Count > 0 ? Members[0].Address : null;
        var member = await TestMember.Start(addSworms ?? _addSworms, cluster =>
        {
            if (seed is not null)
            {
                cluster.UseSeedNodes(seed);
            }

            _configureCluster?.Invoke(cluster);
        }, clusterName: Name).ConfigureAwait(false);
        Members.Add(member);
        return member;
    }

    /// <summary>Stops one member gracefully and forgets it.</summary>
    public async Task StopMember(TestMember member)
    {
        Members.Remove(member);
        await member.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until every member's member list holds exactly the running members.</summary>
    public Task WaitUntilConverged(TimeSpan? timeout = null)
    {
        var addresses = Members.Select(m => m.Address).Order(StringComparer.Ordinal).ToArray();
        return Eventually.Until(() => Members.All(m =>
                m.Services.GetService(typeof(Proto.Cluster.Cluster)) is Proto.Cluster.Cluster c
                && c.MemberList.GetAllMembers().Select(x => x.Address).Order(StringComparer.Ordinal).SequenceEqual(addresses)),
            $"all {Members.Count} members to see each other", timeout);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Enumerable.Reverse(Members).ToArray())
        {
            try
            {
                await member.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Best effort: one member failing to stop must not leave the others running.
            }
        }

        Members.Clear();
    }
}
