namespace Sworm.Registry;

/// <summary>
/// Where a local request's answer goes when the asker is not a Proto future: an object the request carries (it never
/// crosses the wire), answered once. A name's delegate awaits its publication this way (<c>Supervision/TurnSignal.cs</c>).
/// </summary>
internal interface ILocalReply<in T>
{
    /// <summary>Gives the answer; false when one was given already (or the asker gave up).</summary>
    bool TrySetResult(T result);
}
