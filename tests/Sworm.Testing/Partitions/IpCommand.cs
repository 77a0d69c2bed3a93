using System.Diagnostics;

namespace Sworm.Testing.Partitions;

/// <summary>Runs iproute2's <c>ip</c> with a deadline; a failure throws with ip's own error text.</summary>
internal static class IpCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<string> Run(params string[] args)
    {
        var (code, output, error) = await TryRun(args).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"'ip {string.Join(' ', args)}' failed ({code}): {error.Trim()}");
        }

        return output;
    }

    public static async Task<(int Code, string Output, string Error)> TryRun(params string[] args)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ip");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new TimeoutException($"'ip {string.Join(' ', args)}' did not finish within {Timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
