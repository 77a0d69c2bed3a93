using System.Collections.Concurrent;
using Sworm;

namespace Sworm.Sample;

/// <summary>What the script checks, by asking the devices themselves (Request by name from the seed member).</summary>
internal static class FleetChecks
{
    /// <summary>Asks every device for its status until all answer or <paramref name="timeout"/> passes; returns the answers.</summary>
    public static async Task<IReadOnlyDictionary<string, DeviceStatus>> AskAll(Fleet fleet, IEnumerable<string> names, TimeSpan timeout, Func<DeviceStatus, bool>? accept = null)
    {
        var answers = new ConcurrentDictionary<string, DeviceStatus>(StringComparer.Ordinal);
        var missing = names.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (missing.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (name, ct) =>
            {
                try
                {
                    var status = await fleet.Devices.Request<DeviceStatus>(name, new GetStatus(), TimeSpan.FromSeconds(2), ct);
                    if (accept is null || accept(status))
                    {
                        answers[name] = status;
                    }
                }
                catch (Exception)
                {
                    // Not back yet (failover in progress): asked again below.
                }
            });
            missing = missing.Where(n => !answers.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                await Task.Delay(200);
            }
        }

        return answers;
    }

    public static IEnumerable<string> AllDevices(Fleet fleet) => Enumerable.Range(0, fleet.DeviceCount).Select(Fleet.DeviceName);

    /// <summary>The devices whose process runs on <paramref name="member"/>, from this member's replica.</summary>
    public static async Task<List<string>> DevicesOn(Fleet fleet, string member) =>
        (await fleet.Devices.Registered()).Where(r => r.Pid.Address == member).Select(r => r.Name).ToList();
}
