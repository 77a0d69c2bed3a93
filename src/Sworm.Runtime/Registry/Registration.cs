using Proto;

namespace Sworm;

/// <summary>One entry of <c>Registered()</c>: a name and the process that holds it.</summary>
/// <param name="Name">The registered name.</param>
/// <param name="Pid">The process registered under the name.</param>
public sealed record Registration(string Name, PID Pid);
