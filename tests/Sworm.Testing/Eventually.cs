namespace Sworm.Testing;

/// <summary>
/// Waits for a condition with a deadline, polling it. Tests never sleep "to let things settle":
/// they say what they wait for and fail with that sentence when the deadline passes.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static Task Until(Func<bool> condition, string whatWeWaitFor, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), whatWeWaitFor, timeout);

    public static async Task Until(Func<Task<bool>> condition, string whatWeWaitFor, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await condition().ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for: {whatWeWaitFor}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="probe"/> returns a value that satisfies <paramref name="accept"/>, and returns it.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> probe, Func<T, bool> accept, string whatWeWaitFor, TimeSpan? timeout = null)
    {
        T value = default!;
        await Until(async () => accept(value = await probe().ConfigureAwait(false)), whatWeWaitFor, timeout).ConfigureAwait(false);
        return value;
    }
}
