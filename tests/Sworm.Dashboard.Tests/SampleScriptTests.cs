using System.Diagnostics;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Dashboard.Tests;

/// <summary>
/// Runs the README's sample in its unattended mode (<c>--script</c>, 300 devices): 3 members as OS processes, one
/// added, one killed with SIGKILL, one stopped with SIGTERM; the sample checks every device after each step, and
/// that every device of the stopped member kept its counter (handoff).
/// </summary>
public sealed class SampleScriptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ScriptAddsKillsAndStopsMembersAndLosesNoDevice()
    {
        var dll = typeof(SampleScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SwormSampleDll").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--script", "--devices", "300", "--cluster", "sample-test-" + Guid.NewGuid().ToString("N")[..6] })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the sample's --script run did not finish within 120 s:\n" + await stdout);
        }

        var text = await stdout;
        output.WriteLine(text);
        output.WriteLine(await stderr);

        Assert.Contains("PASSED  no device lost: all 300 devices answered after the add, the kill and the graceful stop", text, StringComparison.Ordinal);
        Assert.Contains("PASSED  failover after SIGKILL:", text, StringComparison.Ordinal);
        Assert.Contains("PASSED  counters kept across graceful stop:", text, StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
    }
}
