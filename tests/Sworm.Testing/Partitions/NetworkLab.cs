using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Sworm.Testing.Partitions;

/// <summary>
/// Real network partitions for tests: N network namespaces, each with loopback up and one veth link to a bridge
/// that lives in the lab's own bridge namespace. Nothing touches the host's namespace: every address
/// (10.77.0.1 … 10.77.0.N/24) exists only inside the lab.
/// <para>
/// Every member has a permanent neighbour (ARP) entry for every other member, so a cut link is a black hole: a
/// connect or send across it times out, it is never refused or answered with "host unreachable" (this is what a
/// real partition looks like, and what <c>tc netem</c> would give where it exists; this kernel has no netem).
/// </para>
/// <para>
/// Cleanup: namespaces are named <c>swlab-&lt;test pid&gt;-&lt;lab&gt;-…</c>; <see cref="DisposeAsync"/> deletes them,
/// and <see cref="Create"/> first deletes those of test processes that no longer run (killed runs), with the
/// processes still inside them. Processes started in a namespace must be stopped by their owner (member
/// processes exit when their stdin closes, so they never outlive the test process).
/// </para>
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    public const string Prefix = "swlab-";
    public const string Subnet = "10.77.0";
    private static readonly Lazy<Task<string?>> Unavailable = new(ProbeAvailability);
    private static int _labs;

    private readonly string _bridgeNamespace;
    private readonly List<LabHost> _hosts;
    private bool _disposed;

    private NetworkLab(string bridgeNamespace, List<LabHost> hosts)
    {
        _bridgeNamespace = bridgeNamespace;
        _hosts = hosts;
    }

    /// <summary>The member namespaces, in order (host i has address 10.77.0.(i+1)).</summary>
    public IReadOnlyList<LabHost> Hosts => _hosts;

    public LabHost this[int index] => _hosts[index];

    /// <summary>Why namespaces cannot be created here (not Linux, not root, no <c>ip</c>, no permission), or null when they can.</summary>
    public static Task<string?> UnavailableReason() => Unavailable.Value;

    /// <summary>
    /// Creates <paramref name="members"/> connected namespaces (1 … 200). Throws <see cref="InvalidOperationException"/>
    /// with <see cref="UnavailableReason"/> where namespaces cannot be created.
    /// </summary>
    public static async Task<NetworkLab> Create(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(members, 200);
        if (await UnavailableReason().ConfigureAwait(false) is { } reason)
        {
            throw new InvalidOperationException("network namespaces are not available: " + reason);
        }

        await RemoveStale().ConfigureAwait(false);
        var prefix = $"{Prefix}{Environment.ProcessId}-{Interlocked.Increment(ref _labs)}-";
        var hosts = Enumerable.Range(0, members)
            .Select(i => new LabHost(i, prefix + "m" + (i + 1), $"{Subnet}.{i + 1}", $"02:77:00:00:00:{i + 1:x2}", "p" + (i + 1)))
            .ToList();
        var lab = new NetworkLab(prefix + "br", hosts);
        try
        {
            await lab.Build().ConfigureAwait(false);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task Build()
    {
        await IpCommand.Run("netns", "add", _bridgeNamespace).ConfigureAwait(false);
        await IpCommand.Run("-n", _bridgeNamespace, "link", "set", "lo", "up").ConfigureAwait(false);
        foreach (var bridge in new[] { "br0", "br1" })
        {
            await IpCommand.Run("-n", _bridgeNamespace, "link", "add", bridge, "type", "bridge").ConfigureAwait(false);
            await IpCommand.Run("-n", _bridgeNamespace, "link", "set", bridge, "up").ConfigureAwait(false);
        }

        foreach (var host in _hosts)
        {
            await IpCommand.Run("netns", "add", host.Namespace).ConfigureAwait(false);
            await IpCommand.Run("-n", host.Namespace, "link", "set", "lo", "up").ConfigureAwait(false);
            // Created inside the lab's namespaces directly: no interface ever appears in the host's namespace.
            await IpCommand.Run("-n", _bridgeNamespace, "link", "add", host.BridgePort, "type", "veth",
                "peer", "name", "eth0", "netns", host.Namespace).ConfigureAwait(false);
            await IpCommand.Run("-n", host.Namespace, "link", "set", "eth0", "address", host.Mac).ConfigureAwait(false);
            await IpCommand.Run("-n", host.Namespace, "addr", "add", host.Address + "/24", "dev", "eth0").ConfigureAwait(false);
            await IpCommand.Run("-n", host.Namespace, "link", "set", "eth0", "up").ConfigureAwait(false);
            await IpCommand.Run("-n", _bridgeNamespace, "link", "set", host.BridgePort, "master", "br0").ConfigureAwait(false);
            await IpCommand.Run("-n", _bridgeNamespace, "link", "set", host.BridgePort, "up").ConfigureAwait(false);
        }

        foreach (var host in _hosts)
        {
            foreach (var other in _hosts.Where(o => o != host))
            {
                await IpCommand.Run("-n", host.Namespace, "neigh", "replace", other.Address, "lladdr", other.Mac,
                    "dev", "eth0", "nud", "permanent").ConfigureAwait(false);
            }
        }
    }

    /// <summary>Cuts <paramref name="host"/> off from every other member (its bridge port goes down): a black hole both ways.</summary>
    public Task Cut(LabHost host) => IpCommand.Run("-n", _bridgeNamespace, "link", "set", host.BridgePort, "down");

    /// <summary>Reconnects a host cut with <see cref="Cut"/>.</summary>
    public Task Heal(LabHost host) => IpCommand.Run("-n", _bridgeNamespace, "link", "set", host.BridgePort, "up");

    /// <summary>
    /// Splits the lab in two: <paramref name="minority"/> moves to a second bridge, so each group reaches only
    /// itself. <see cref="HealSplit"/> joins them again.
    /// </summary>
    public async Task Split(IEnumerable<LabHost> minority)
    {
        foreach (var host in minority)
        {
            await IpCommand.Run("-n", _bridgeNamespace, "link", "set", host.BridgePort, "master", "br1").ConfigureAwait(false);
        }
    }

    /// <summary>Puts every host back on one bridge, with its port up.</summary>
    public async Task HealSplit()
    {
        foreach (var host in _hosts)
        {
            await IpCommand.Run("-n", _bridgeNamespace, "link", "set", host.BridgePort, "master", "br0").ConfigureAwait(false);
            await Heal(host).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="create"/> on a dedicated thread that has entered <paramref name="host"/>'s namespace, and
    /// returns what it made: a socket created there stays in that namespace wherever it is used afterwards, so a
    /// test can listen or connect "from" a lab host without a child process. Only the dedicated thread switches.
    /// </summary>
    public static T InNamespace<T>(LabHost host, Func<T> create)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle("/run/netns/" + host.Namespace);
                if (SetNamespace(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns({host.Namespace}) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = create();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"could not run in {host.Namespace}", failure);
    }

    /// <summary>The lab's namespaces that exist right now (the teardown test checks this is empty after dispose).</summary>
    public async Task<IReadOnlyList<string>> ExistingNamespaces()
    {
        var mine = _hosts.Select(h => h.Namespace).Append(_bridgeNamespace).ToHashSet();
        return (await ListNamespaces().ConfigureAwait(false)).Where(mine.Contains).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var existing = await ListNamespaces().ConfigureAwait(false);
        foreach (var name in _hosts.Select(h => h.Namespace).Append(_bridgeNamespace).Where(existing.Contains))
        {
            await Delete(name).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes namespaces (and the processes in them) left by test processes that no longer run.</summary>
    public static async Task RemoveStale()
    {
        foreach (var name in await ListNamespaces().ConfigureAwait(false))
        {
            var owner = name[Prefix.Length..].Split('-')[0];
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(owner, CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                await Delete(name).ConfigureAwait(false);
            }
        }
    }

    private static async Task Delete(string name)
    {
        // Deleting a namespace only unmounts it; members still inside would keep it alive, so stop them first.
        var pids = await IpCommand.TryRun("netns", "pids", name).ConfigureAwait(false);
        foreach (var line in pids.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line.Trim(), CultureInfo.InvariantCulture, out var pid))
            {
                _ = SendSignal(pid, 9);
            }
        }

        await IpCommand.TryRun("netns", "del", name).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<string>> ListNamespaces()
    {
        var (code, output, _) = await IpCommand.TryRun("netns", "list").ConfigureAwait(false);
        return code != 0
            ? []
            : output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToArray();
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string?> ProbeAvailability()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (GetEffectiveUserId() != 0)
        {
            return "creating network namespaces needs root (run the partition tests as root, e.g. in CI)";
        }

        var probe = $"{Prefix}{Environment.ProcessId}-probe";
        try
        {
            var (code, _, error) = await IpCommand.TryRun("netns", "add", probe).ConfigureAwait(false);
            if (code != 0)
            {
                return $"'ip netns add' failed: {error.Trim()}";
            }

            await IpCommand.TryRun("netns", "del", probe).ConfigureAwait(false);
            return null;
        }
        catch (Win32Exception e)
        {
            return $"iproute2's 'ip' is not installed ({e.Message}); install iproute2";
        }
    }

    private const int CloneNewNet = 0x40000000;

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int nstype);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
