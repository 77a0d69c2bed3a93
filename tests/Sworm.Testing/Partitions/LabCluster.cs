using System.Globalization;

namespace Sworm.Testing.Partitions;

/// <summary>
/// Sworm member processes, one per host of a <see cref="NetworkLab"/>, each listening on its host's lab address:
/// host 0 starts the cluster and is every other member's seed. Disposing kills the members (not the lab).
/// </summary>
public sealed class LabCluster : IAsyncDisposable
{
    public const int Port = 4020;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly List<MemberProcess> _members = [];

    private LabCluster(NetworkLab lab) => Lab = lab;

    public NetworkLab Lab { get; }

    public IReadOnlyList<MemberProcess> Members => _members;

    public MemberProcess this[int index] => _members[index];

    /// <summary>Starts a member on every host of <paramref name="lab"/> and waits until each one sees all of them.</summary>
    /// <param name="bindAny">Each member listens on 0.0.0.0 and advertises its namespace's address (as in a container).</param>
    public static async Task<LabCluster> Start(NetworkLab lab, TimeSpan? timeout = null, int quorum = 0, bool bindAny = false)
    {
        var cluster = new LabCluster(lab);
        try
        {
            var name = "lab-" + Guid.NewGuid().ToString("N")[..8];
            var seed = $"{lab[0].Address}:{Port}";
            foreach (var host in lab.Hosts)
            {
                cluster._members.Add(await MemberProcess.StartIn(host.Namespace, name, host.Index == 0 ? null : seed,
                        bindAny ? "0.0.0.0" : host.Address, Port, timeout, advertise: bindAny ? host.Address : null, quorum: quorum)
                    .ConfigureAwait(false));
            }

            await cluster.UntilEachSees(cluster._members, lab.Hosts.Count, "every member to see the whole lab", timeout ?? TimeSpan.FromSeconds(30))
                .ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until each of <paramref name="members"/> sees exactly <paramref name="count"/> members; returns how long that took.</summary>
    public Task<TimeSpan> UntilEachSees(IReadOnlyCollection<MemberProcess> members, int count, string whatWeWaitFor, TimeSpan timeout)
    {
        var last = "";
        return Eventually.Until(async () =>
        {
            var views = await Views(members).ConfigureAwait(false);
            last = string.Join("; ", views);
            return views.All(v => v.Answered && v.NodeCount == count);
        }, timeout, whatWeWaitFor, () => last);
    }

    /// <summary>Asks each member for its <see cref="MemberView"/> (a member that does not answer within 5 s reports so).</summary>
    public static async Task<IReadOnlyList<MemberView>> Views(IEnumerable<MemberProcess> members)
    {
        var views = new List<MemberView>();
        foreach (var member in members)
        {
            views.Add(await View(member).ConfigureAwait(false));
        }

        return views;
    }

    public static async Task<MemberView> View(MemberProcess member)
    {
        try
        {
            var nodes = (await member.Ask("nodes", "NODES ", AskTimeout).ConfigureAwait(false)).Split(' ');
            var registry = (await member.Ask("registry", "REGISTRY ", AskTimeout).ConfigureAwait(false)).Split(' ');
            var workers = (await member.Ask("workers", "WORKERS ", AskTimeout).ConfigureAwait(false)).Split(' ');
            return new MemberView(member.Address, true, Int(nodes[1]), nodes.Length > 2 ? nodes[2] : "", Int(registry[1]), registry[2],
                Int(workers[1]), Int(workers[2]));
        }
        catch (TimeoutException)
        {
            return new MemberView(member.Address, false, 0, "", 0, "", 0, 0);
        }
    }

    /// <summary>Of names <paramref name="prefix"/>-0 … -(count-1), how many <paramref name="member"/> resolves, and how many of those answer.</summary>
    public static async Task<(int Found, int Answered)> Resolve(MemberProcess member, string prefix, int count)
    {
        var answer = (await member.Ask($"resolve {prefix} {count}", "RESOLVED ", TimeSpan.FromSeconds(60)).ConfigureAwait(false)).Split(' ');
        return (Int(answer[1]), Int(answer[2]));
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Kills the members; with SWORM_LAB_LOGS=&lt;folder&gt; their output is kept there first (one file per member).</summary>
    public async ValueTask DisposeAsync()
    {
        var logs = Environment.GetEnvironmentVariable("SWORM_LAB_LOGS");
        foreach (var member in _members)
        {
            await member.DisposeAsync().ConfigureAwait(false);
            if (!string.IsNullOrEmpty(logs))
            {
                Directory.CreateDirectory(logs);
                await File.WriteAllTextAsync(Path.Combine(logs, $"{DateTime.UtcNow:HHmmss}-{member.Address.Replace(':', '_')}.log"), member.Output)
                    .ConfigureAwait(false);
            }
        }
    }
}
