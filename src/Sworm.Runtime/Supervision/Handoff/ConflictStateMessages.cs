// The messages that carry a losing worker's state to the winner of a name conflict (NameDelegate.Conflicts.cs).
// DeliverConflictState and its answer cross the wire as JSON (the winner may run on another member); the capture
// messages stay on one member (a rejoining member's old incarnation asks its own delegates).
namespace Sworm.Supervision.Handoff;

/// <summary>
/// To the winning worker's pid: <paramref name="Json"/> is the losing copy's state of <paramref name="Name"/>, taken with
/// <c>BeginHandoff</c>. The winner's <see cref="ConflictStateReceiver"/> turns it into the sworm's generated
/// <c>ResolveConflict</c> and answers <see cref="ConflictStateDelivered"/> once the worker has handled it.
/// </summary>
internal sealed record DeliverConflictState(string Name, byte[] Json);

/// <summary>The winning worker handled <c>ResolveConflict</c>; <paramref name="Failure"/>: its handler threw (it is restarted as after any crash).</summary>
internal sealed record ConflictStateDelivered(string? Failure);

/// <summary>From a rejoining member to the name host, for <paramref name="Name"/>'s delegate: capture the worker's state with <c>BeginHandoff</c> before the old incarnation stops.</summary>
internal sealed record CaptureConflictState(string Name);

/// <summary>Answer to <see cref="CaptureConflictState"/>: the worker's state, or null (no worker, declined, no answer, failed).</summary>
internal sealed record ConflictStateCaptured(string Name, byte[]? Json);
