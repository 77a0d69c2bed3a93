using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Sworm.Cluster.Tests.Infrastructure;

/// <summary>
/// A member in a separate OS process (tests/Sworm.TestHost), so that a crash can be real: <see cref="Kill"/>
/// sends SIGKILL on Linux. Disposing kills the process if it still runs, so a failing test leaves no orphan
/// (the host also exits by itself when its stdin closes).
/// </summary>
internal sealed class TestHostProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "SWORM-MEMBER ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestHostProcess(Process process) => _process = process;

    public string Address { get; private set; } = "";

    public string Id { get; private set; } = "";

    public int ProcessId => _process.Id;

    /// <summary>Everything the process wrote, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static Task<TestHostProcess> StartAsync(string clusterName, string seed, TimeSpan timeout, int port = 0) =>
        StartWithArgsAsync(["--cluster", clusterName, "--seed", seed, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout);

    /// <summary>Starts the test host with these arguments (see tests/Sworm.TestHost/Program.cs), e.g. with --consul.</summary>
    public static async Task<TestHostProcess> StartWithArgsAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        var dll = typeof(TestHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SwormTestHostDll").Value!;
        if (!File.Exists(dll)) throw new FileNotFoundException("The test host was not built next to the tests.", dll);

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);

        var host = new TestHostProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        host._process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.Exited += (_, _) => host._ready.TrySetException(new InvalidOperationException("The test host exited before it joined. Output:\n" + host.Output));
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            var line = await host._ready.Task.WaitAsync(timeout);
            var parts = line.Split(' ');
            host.Address = parts[0];
            host.Id = parts[1];
            return host;
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new TimeoutException($"The test host did not join within {timeout.TotalSeconds:0.#} s. Output:\n{host.Output}");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal)) _ready.TrySetResult(line[ReadyPrefix.Length..]);
    }

    /// <summary>SIGKILL on Linux: no shutdown code runs, the kernel closes the sockets.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
