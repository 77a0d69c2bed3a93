namespace Sworm.Testing.Fixtures;

/// <summary>Deadline-bound waits on where the cluster runs names.</summary>
public static class ClusterWaits
{
    /// <summary>
    /// Waits until, seen from <paramref name="processes"/>' member, every one of <paramref name="names"/> is held by a
    /// process on one of <paramref name="addresses"/>, all at the same moment.
    /// </summary>
    public static Task<TimeSpan> AllRunningOn(this ClusterProcesses processes, IReadOnlyCollection<string> names, IReadOnlySet<string> addresses,
        string whatWeWaitFor, TimeSpan? timeout = null)
    {
        var missing = new List<string>();
        return Eventually.Until(async () =>
        {
            missing.Clear();
            foreach (var name in names)
            {
                var pid = await processes.WhereIsName(name);
                if (pid is null || !addresses.Contains(pid.Address))
                {
                    missing.Add($"{name} -> {pid?.ToString() ?? "null"}");
                }
            }

            return missing.Count == 0;
        }, timeout ?? TimeSpan.FromSeconds(20), whatWeWaitFor,
            () => $"{missing.Count} of {names.Count} names still elsewhere or missing, e.g. {string.Join(", ", missing.Take(5))}");
    }
}
