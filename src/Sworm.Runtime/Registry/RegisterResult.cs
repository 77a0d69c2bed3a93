using Proto;

namespace Sworm;

/// <summary>The result of <c>RegisterName(name, spec)</c>: whether this call started the worker, and the pid that holds the name.</summary>
/// <param name="Status"><see cref="RegisterStatus.Started"/> or <see cref="RegisterStatus.AlreadyStarted"/>.</param>
/// <param name="Pid">The process registered under the name.</param>
public sealed record RegisterResult(RegisterStatus Status, PID Pid);
