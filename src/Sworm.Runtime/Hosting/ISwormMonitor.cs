using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>
/// A read model of this member for dashboards, admin endpoints and tests: its status (members, sworms, names per
/// member), its recent events, and a subscription to every new one. Resolve it from the host's services after
/// <c>AddSworm(...)</c>. Experimental: the shapes may change before 1.0 (suppress <c>SWORMEXP001</c> to use it).
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public interface ISwormMonitor
{
    /// <summary>A snapshot of this member now: where it is in its life, the members it sees, and every sworm it runs.</summary>
    SwormStatus Status();

    /// <summary>The newest events this member published (at most 256), oldest first.</summary>
    IReadOnlyList<SwormEvent> RecentEvents();

    /// <summary>
    /// Calls <paramref name="onEvent"/> for every event this member publishes from now on, one at a time on a
    /// background thread (never inside Sworm's actors), until the returned handle is disposed. An exception thrown by
    /// <paramref name="onEvent"/> is logged and does not stop the subscription.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="onEvent"/> is null.</exception>
    IDisposable Subscribe(Action<SwormEvent> onEvent);
}
