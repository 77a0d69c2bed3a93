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
        var missing = names.Count;
        return Eventually.Until(async () =>
        {
            missing = 0;
            foreach (var name in names)
            {
                if (await processes.WhereIsName(name) is not { } pid || !addresses.Contains(pid.Address))
                {
                    missing++;
                }
            }

            return missing == 0;
        }, timeout ?? TimeSpan.FromSeconds(20), whatWeWaitFor, () => $"{missing} of {names.Count} names still elsewhere or missing");
    }
}
