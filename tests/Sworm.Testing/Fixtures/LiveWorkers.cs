namespace Sworm.Testing.Fixtures;

/// <summary>
/// How many <see cref="PlacedWorker"/>s run in this process right now (started and not yet stopped) and how many
/// were ever constructed: "exactly N live workers" is checked on these, not on registry entries, which can hide a
/// duplicate.
/// </summary>
public static class LiveWorkers
{
    private static int _live;
    private static int _constructed;

    public static int Live => Volatile.Read(ref _live);

    public static int Constructed => Volatile.Read(ref _constructed);

    internal static void OnConstructed() => Interlocked.Increment(ref _constructed);

    internal static void OnStarted() => Interlocked.Increment(ref _live);

    internal static void OnStopped() => Interlocked.Decrement(ref _live);
}
