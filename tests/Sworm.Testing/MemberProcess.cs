using System.Diagnostics;
using System.Reflection;

namespace Sworm.Testing;

/// <summary>
/// A Sworm member running in its own OS process (the Sworm.TestMember program), for crash and shutdown tests:
/// <see cref="Kill"/> is SIGKILL, <see cref="Terminate"/> is SIGTERM. Disposing always kills it, so a failed
/// test leaves nothing behind; the child also exits when its stdin closes.
/// </summary>
public sealed class MemberProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _newLine = new(0);

    private MemberProcess(Process process) => _process = process;

    public string Address { get; private set; } = "";
    public string Id { get; private set; } = "";
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a member that joins <paramref name="seed"/> and waits until it reports it has joined; on loopback port
    /// <paramref name="port"/> when given (a restart at the same address), else on any free port.
    /// </summary>
    public static Task<MemberProcess> Start(string clusterName, string seed, TimeSpan? timeout = null, int port = 0) =>
        Start(clusterName, seed, host: port == 0 ? null : "127.0.0.1", port, netns: null, timeout);

    /// <summary>
    /// Like <see cref="Start(string, string, TimeSpan?, int)"/>, with extra environment variables for the process, e.g.
    /// configuration such as <c>Sworm__Sworms__HandoffProcesses__RebalanceOnJoin=true</c>.
    /// </summary>
    public static Task<MemberProcess> Start(string clusterName, string seed, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null) =>
        Start(clusterName, seed, host: null, port: 0, netns: null, timeout, environment: environment);

    /// <summary>Starts a member that joins through the Consul agent (or simulator) at <paramref name="consul"/>.</summary>
    public static Task<MemberProcess> StartWithConsul(string clusterName, Uri consul, TimeSpan? timeout = null, string? consulToken = null) =>
        Start(clusterName, seed: null, host: null, port: 0, netns: null, timeout, consul, consulToken: consulToken);

    /// <summary>
    /// Starts a member inside network namespace <paramref name="netns"/> (<c>ip netns exec</c>, see
    /// <see cref="Partitions.NetworkLab"/>), listening on <paramref name="host"/>:<paramref name="port"/>, joining
    /// <paramref name="seed"/> (host:port), or starting the cluster when <paramref name="seed"/> is null; waits until it
    /// reports it has joined. The process id is the member's own (<c>ip netns exec</c> execs it), so
    /// <see cref="Pause"/> and <see cref="Kill"/> reach the member itself.
    /// </summary>
    public static Task<MemberProcess> StartIn(string netns, string clusterName, string? seed, string host, int port, TimeSpan? timeout = null,
        string? advertise = null, int quorum = 0) =>
        Start(clusterName, seed, host, port, netns, timeout, advertise: advertise, quorum: quorum);

    private static async Task<MemberProcess> Start(string clusterName, string? seed, string? host, int port, string? netns, TimeSpan? timeout,
        Uri? consul = null, string? advertise = null, string? consulToken = null, int quorum = 0, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The test project bakes the path in (AssemblyMetadata "SwormTestMemberDll"): no path guessing.
        var dll = AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(a => a.GetCustomAttributes<AssemblyMetadataAttribute>())
            .FirstOrDefault(a => a.Key == "SwormTestMemberDll")?.Value
            ?? throw new InvalidOperationException("No test assembly carries AssemblyMetadata SwormTestMemberDll.");
        var arguments = new List<string>();
        if (netns is not null)
        {
            arguments.AddRange(["netns", "exec", netns, "dotnet"]);
        }

        arguments.AddRange([dll, "--cluster", clusterName]);
        if (quorum > 0)
        {
            arguments.AddRange(["--quorum", quorum.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        if (seed is not null)
        {
            arguments.AddRange(["--seed", seed]);
        }

        if (advertise is not null)
        {
            arguments.AddRange(["--advertise", advertise]);
        }

        if (consul is not null)
        {
            arguments.AddRange(["--consul", consul.ToString()]);
            if (consulToken is not null)
            {
                arguments.AddRange(["--consul-token", consulToken]);
            }
        }

        if (host is not null)
        {
            arguments.AddRange(["--host", host, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        var start = new ProcessStartInfo(netns is null ? "dotnet" : "ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var member = new MemberProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start " + dll));
        member._process.OutputDataReceived += (_, e) => member.OnLine(e.Data);
        member._process.ErrorDataReceived += (_, e) => member.OnLine(e.Data is null ? null : "ERR " + e.Data);
        member._process.BeginOutputReadLine();
        member._process.BeginErrorReadLine();
        try
        {
            var joined = await member.WaitForLine("SWORM-MEMBER ", timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var parts = joined.Split(' ');
            member.Address = parts[1];
            member.Id = parts[2];
            return member;
        }
        catch
        {
            await member.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends a command line and returns the answer line that starts with <paramref name="answerPrefix"/>.</summary>
    public async Task<string> Ask(string command, string answerPrefix, TimeSpan? timeout = null)
    {
        int seen;
        lock (_lines)
        {
            seen = _lines.Count;
        }

        await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        return await WaitForLine(answerPrefix, timeout ?? TimeSpan.FromSeconds(10), seen).ConfigureAwait(false);
    }

    /// <summary>SIGKILL: the process dies at once, without leaving the cluster.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGSTOP: the member freezes (as in a long GC pause, a paused VM or a debugger stop) without its sockets closing.</summary>
    public void Pause() => Signal(19, "SIGSTOP");

    /// <summary>SIGCONT: a member frozen by <see cref="Pause"/> runs again.</summary>
    public void Resume() => Signal(18, "SIGCONT");

    /// <summary>The member's OS process id.</summary>
    public int ProcessId => _process.Id;

    private void Signal(int signal, string name)
    {
        if (SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({name}) of process {_process.Id} failed");
        }
    }

    /// <summary>SIGTERM: the host stops gracefully and the member leaves the cluster.</summary>
    public void Terminate()
    {
        if (SendSignal(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) of process {_process.Id} failed");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public Task WaitForExit(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        _newLine.Release();
    }

    private async Task<string> WaitForLine(string prefix, TimeSpan timeout, int from = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_lines)
            {
                for (var i = from; i < _lines.Count; i++)
                {
                    if (_lines[i].StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return _lines[i];
                    }
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited && !await _newLine.WaitAsync(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false))
            {
                throw new TimeoutException($"member process did not print '{prefix}' within {timeout.TotalSeconds:0.#} s. Its output:\n{Output}");
            }

            await _newLine.WaitAsync(left).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }
}
