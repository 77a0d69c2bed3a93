namespace Sworm.Supervision;

/// <summary>
/// Erlang's <c>max_restarts</c> in <c>max_seconds</c>: a worker that needs more restarts than that within the
/// window is given up, so a crash loop cannot spin forever.
/// </summary>
internal sealed class RestartIntensity(int maxRestarts, TimeSpan window, TimeProvider time)
{
    private readonly Queue<long> _restarts = new();

    /// <summary>Records a restart; false when it would exceed the limit (give up instead).</summary>
    public bool TryRecord()
    {
        var now = time.GetTimestamp();
        while (_restarts.Count > 0 && time.GetElapsedTime(_restarts.Peek(), now) > window)
        {
            _restarts.Dequeue();
        }

        if (_restarts.Count >= maxRestarts)
        {
            return false;
        }

        _restarts.Enqueue(now);
        return true;
    }
}
