using System.Runtime;
using System.Runtime.InteropServices;

namespace Sworm.Benchmarks.Report;

/// <summary>The machine a run came from, for the header of every result file.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {memory:0.0} GB memory, {OperatingSystem()}, " +
               $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}, {gc}";
    }

    private static string OperatingSystem()
    {
        const string release = "/etc/os-release";
        var pretty = File.Exists(release)
            ? File.ReadLines(release).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        return pretty is null ? RuntimeInformation.OSDescription : $"{pretty} (kernel {Environment.OSVersion.Version})";
    }
}
