namespace Sworm.Lifecycle;

/// <summary>
/// Read first in this folder. Where one member is in its life, written by the member's host (Hosting/) and read by
/// every layer below it, so nothing below Hosting needs the member object to ask "may I serve?" or "am I leaving?".
/// The ordered start and leave steps (<see cref="IMemberStep"/>) are how capabilities join the member's lifecycle.
/// </summary>
internal sealed class MemberLifecycle
{
    private volatile MemberState _state = MemberState.NotStarted;

    public MemberState State => _state;

    /// <summary>Whether the member is leaving (graceful stop under way): restores that land here are handed on.</summary>
    public bool IsLeaving => _state == MemberState.Stopping;

    /// <summary>The static quorum (CP mode); never below without one.</summary>
    public Quorum Quorum { get; } = new();

    /// <summary>Why the member is rejoining, while it is.</summary>
    public string? RejoinReason { get; private set; }

    public void MoveTo(MemberState state, string? reason = null)
    {
        RejoinReason = state == MemberState.Rejoining ? reason : null;
        _state = state;
    }

    /// <summary>Throws the exception a caller should see when the member cannot serve calls.</summary>
    /// <exception cref="SwormUnavailableException">The member has not started yet, or is stopping or stopped.</exception>
    public void EnsureRunning(string sworm, string operation)
    {
        switch (_state)
        {
            case MemberState.Running:
                return;
            case MemberState.Rejoining:
                throw new SwormUnavailableException(
                    $"{sworm}.{operation} was called while this member rejoins the cluster under a new identity (the cluster had removed it: {RejoinReason}). " +
                    "Its names were restored on the other members; retry in a few seconds.");
            case MemberState.NotStarted or MemberState.Starting:
                throw new SwormUnavailableException(
                    $"{sworm}.{operation} was called before the Sworm member started. Start the host first (IHost.StartAsync or RunAsync), then call it.");
            default:
                throw new SwormUnavailableException(
                    $"{sworm}.{operation} was called after the Sworm member stopped (its host is stopping or stopped). Calls are served only while the host runs.");
        }
    }
}
