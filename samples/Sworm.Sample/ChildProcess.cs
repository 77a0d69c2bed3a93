using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Sworm.Sample;

/// <summary>
/// A member running in a child process of this program (<c>--member</c>), so that <see cref="Kill"/> is a real
/// SIGKILL and <see cref="Terminate"/> a real SIGTERM. Its EVENT lines are handed to <c>onEvent</c>.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _stderr = new();

    private ChildProcess(Process process) => _process = process;

    public string Address { get; private set; } = "";
    public int Pid => _process.Id;
    public bool Exited => _process.HasExited;
    public string LastErrors { get { lock (_stderr) { return string.Join(Environment.NewLine, _stderr); } } }

    public static async Task<ChildProcess> Start(string cluster, string seed, string? consul, Action<string, string, string> onEvent)
    {
        // Run this same program again: through the dotnet host for `dotnet run`/`dotnet Sworm.Sample.dll`, or its apphost.
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var info = new ProcessStartInfo(processPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var arg in new[] { "--member", "--port", "0", "--seed", seed, "--cluster", cluster })
        {
            info.ArgumentList.Add(arg);
        }

        if (consul is not null)
        {
            info.ArgumentList.Add("--consul");
            info.ArgumentList.Add(consul);
        }

        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start a member process"));
        child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data, onEvent);
        child._process.ErrorDataReceived += (_, e) => child.OnError(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        var ready = await Task.WhenAny(child._ready.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        if (ready != child._ready.Task)
        {
            var errors = child.LastErrors;
            await child.DisposeAsync();
            throw new TimeoutException("a member process did not join within 30 s: " + errors);
        }

        child.Address = await child._ready.Task;
        return child;
    }

    /// <summary>SIGKILL: the member dies at once, without leaving the cluster.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: the member's host stops gracefully and leaves the cluster (handing off its devices).</summary>
    public void Terminate()
    {
        if (SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) of process {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<bool> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing stdin asks the member to leave gracefully; kill it if it has not within 20 s.
            _process.StandardInput.Close();
            if (!await WaitForExit(TimeSpan.FromSeconds(20)))
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExit(TimeSpan.FromSeconds(5));
            }
        }

        _process.Dispose();
    }

    private void OnLine(string? line, Action<string, string, string> onEvent)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("READY ", StringComparison.Ordinal))
        {
            _ready.TrySetResult(line["READY ".Length..].Trim());
        }
        else if (line.StartsWith("EVENT ", StringComparison.Ordinal) && line.Split(' ', 3) is [_, var kind, var text])
        {
            onEvent(Address, kind, text);
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line);
            if (_stderr.Count > 20)
            {
                _stderr.Dequeue();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
