using System.ComponentModel;
using Proto;

namespace Sworm;

/// <summary>
/// One sworm as seen from one member: what the generated facade members of a <c>[Sworm]</c> class call.
/// Use the facade (<c>MyProcesses</c> from DI) rather than this type.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class SwormClient
{
    /// <summary>The sworm's cluster-wide name.</summary>
    public string SwormName => throw new NotImplementedException();

    /// <summary>Starts the worker of <paramref name="spec"/> under <paramref name="name"/>, unless the name is held.</summary>
    public Task<RegisterResult> RegisterName(string name, WorkerSpec spec, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Registers an existing process under <paramref name="name"/>; false when the name is held.</summary>
    public Task<bool> RegisterName(string name, PID pid, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The pid that holds <paramref name="name"/>, starting the worker of <paramref name="spec"/> if none does.</summary>
    public Task<PID> WhereIsOrRegisterName(string name, WorkerSpec spec, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Removes <paramref name="name"/>; false when it was not registered.</summary>
    public Task<bool> UnregisterName(string name, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The pid registered under <paramref name="name"/>, or null.</summary>
    public Task<PID?> WhereIsName(string name, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Every registered name of the sworm with its pid.</summary>
    public Task<IReadOnlyList<Registration>> Registered(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Adds <paramref name="pid"/> to <paramref name="group"/>; false when the pid is not part of this sworm.</summary>
    public Task<bool> Join(string group, PID pid, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Removes <paramref name="pid"/> from <paramref name="group"/>; false when the pid is not part of this sworm.</summary>
    public Task<bool> Leave(string group, PID pid, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The pids in <paramref name="group"/>.</summary>
    public Task<IReadOnlyList<PID>> Members(string group, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Sends <paramref name="message"/> to every member of <paramref name="group"/>; returns how many it was sent to.</summary>
    public Task<int> Publish(string group, object message, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Requests <paramref name="message"/> of every member of <paramref name="group"/>; members that fail or time out are left out.</summary>
    public Task<IReadOnlyList<TReply>> MultiCall<TReply>(string group, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Sends <paramref name="message"/> to the process registered under <paramref name="name"/>; false when there is none.</summary>
    public Task<bool> Send(string name, object message, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Requests <paramref name="message"/> of the process registered under <paramref name="name"/>.</summary>
    public Task<TReply> Request<TReply>(string name, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The addresses (host:port) of the members that run this sworm, this member included.</summary>
    public Task<IReadOnlyList<string>> Nodes(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
