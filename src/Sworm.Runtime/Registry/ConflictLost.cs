using Proto;

namespace Sworm.Registry;

/// <summary>
/// From the registry actor to the local delegate of <paramref name="Name"/>: this member's publication (its worker
/// <paramref name="Loser"/>) lost a name conflict to <paramref name="Winner"/>, published by member
/// <paramref name="WinnerSource"/> (see <see cref="ConflictRule"/>). The delegate stops its worker (never the winner's
/// member: only the loser acts). <paramref name="WinnerIsClaim"/>: the winner is a process registered by pid, not a
/// worker of the sworm, so it gets no <c>ResolveConflict</c>.
/// </summary>
internal sealed record ConflictLost(string Name, PID Loser, PID Winner, string WinnerSource, bool WinnerIsClaim = false);
