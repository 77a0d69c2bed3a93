using System.ComponentModel;
using Proto;
using Sworm.Protocol;
using Sworm.Registry;
using Sworm.Workers;

namespace Sworm;

/// <summary>
/// One sworm as seen from one member: what the generated facade members of a <c>[Sworm]</c> class call.
/// Use the facade (<c>MyProcesses</c> from DI) rather than this type.
///
/// Writes (register, unregister) go to the name's delegate; reads (<c>WhereIsName</c>, <c>Registered</c>,
/// <c>Members</c>) and sends by name are served from this member's registry replica, without a round trip.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SwormClient
{
    private readonly SwormRuntime _runtime;

    internal SwormClient(SwormRuntime runtime) => _runtime = runtime;

    /// <summary>The sworm's cluster-wide name.</summary>
    public string SwormName => _runtime.Name;

    private SwormMember Member => _runtime.Member;
    private IRootContext Root => Member.System.Root;

    /// <summary>Starts the worker of <paramref name="spec"/> under <paramref name="name"/>, unless the name is held.</summary>
    public async Task<RegisterResult> RegisterName(string name, WorkerSpec spec, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(spec);
        if (!WorkerFactories.TryGet(spec, out _))
        {
            throw new ArgumentException(SwormRuntime.UnknownWorker(spec), nameof(spec));
        }

        var reply = await _runtime.AskDelegate(name, new RegisterSupervised(spec), nameof(RegisterName), cancellationToken).ConfigureAwait(false);
        switch (reply.Outcome)
        {
            case DelegateOutcome.Started:
                await ApplyEarly(reply.Source, reply.Sequence, new RegistryChange(RegistryChangeKind.NameAdded, name, reply.Pid!)).ConfigureAwait(false);
                return new RegisterResult(RegisterStatus.Started, reply.Pid!);
            case DelegateOutcome.AlreadyStarted:
                return new RegisterResult(RegisterStatus.AlreadyStarted, reply.Pid!);
            case DelegateOutcome.Failed:
                throw new SwormStartException(name, reply.Reason ?? "unknown reason");
            default:
                throw Unexpected(reply, nameof(RegisterName));
        }
    }

    /// <summary>Registers an existing process under <paramref name="name"/>; false when the name is held.</summary>
    public async Task<bool> RegisterName(string name, PID pid, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(pid);
        Member.EnsureRunning(SwormName, nameof(RegisterName));
        if (!Member.RunsKind(pid.Address, _runtime.Kind))
        {
            throw new ArgumentException(
                $"Process {pid} lives at {pid.Address}, which is not a member that runs sworm '{SwormName}'. " +
                "Register processes spawned on a member that added this sworm (AddSworm<T>()).", nameof(pid));
        }

        var reply = await _runtime.AskDelegate(name, new ClaimName(pid), nameof(RegisterName), cancellationToken).ConfigureAwait(false);
        switch (reply.Outcome)
        {
            case DelegateOutcome.Claimed:
                await ApplyEarly(reply.Source, reply.Sequence, new RegistryChange(RegistryChangeKind.NameAdded, name, reply.Pid!)).ConfigureAwait(false);
                return true;
            case DelegateOutcome.Taken:
                return false;
            default:
                throw Unexpected(reply, nameof(RegisterName));
        }
    }

    /// <summary>The pid that holds <paramref name="name"/>, starting the worker of <paramref name="spec"/> if none does.</summary>
    public async Task<PID> WhereIsOrRegisterName(string name, WorkerSpec spec, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        Member.EnsureRunning(SwormName, nameof(WhereIsOrRegisterName));
        return _runtime.Replica.WhereIs(name)
               ?? (await RegisterName(name, spec, cancellationToken).ConfigureAwait(false)).Pid;
    }

    /// <summary>Removes <paramref name="name"/>; false when it was not registered.</summary>
    public async Task<bool> UnregisterName(string name, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        var reply = await _runtime.AskDelegate(name, new UnregisterRequest(), nameof(UnregisterName), cancellationToken).ConfigureAwait(false);
        return reply.Outcome switch
        {
            DelegateOutcome.Removed => true,
            DelegateOutcome.NotFound => false,
            _ => throw Unexpected(reply, nameof(UnregisterName)),
        };
    }

    /// <summary>The pid registered under <paramref name="name"/>, or null.</summary>
    public Task<PID?> WhereIsName(string name, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        Member.EnsureRunning(SwormName, nameof(WhereIsName));
        return Task.FromResult(_runtime.Replica.WhereIs(name));
    }

    /// <summary>Every registered name of the sworm with its pid.</summary>
    public Task<IReadOnlyList<Registration>> Registered(CancellationToken cancellationToken = default)
    {
        Member.EnsureRunning(SwormName, nameof(Registered));
        return Task.FromResult(_runtime.Replica.Registered());
    }

    /// <summary>Adds <paramref name="pid"/> to <paramref name="group"/>; false when the pid is not part of this sworm.</summary>
    public Task<bool> Join(string group, PID pid, CancellationToken cancellationToken = default) =>
        ChangeGroup(group, pid, join: true, nameof(Join), cancellationToken);

    /// <summary>Removes <paramref name="pid"/> from <paramref name="group"/>; false when the pid is not part of this sworm.</summary>
    public Task<bool> Leave(string group, PID pid, CancellationToken cancellationToken = default) =>
        ChangeGroup(group, pid, join: false, nameof(Leave), cancellationToken);

    /// <summary>The pids in <paramref name="group"/>.</summary>
    public Task<IReadOnlyList<PID>> Members(string group, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(group, nameof(group), "group name");
        Member.EnsureRunning(SwormName, nameof(Members));
        return Task.FromResult(_runtime.Replica.Members(group));
    }

    /// <summary>Sends <paramref name="message"/> to every member of <paramref name="group"/>; returns how many it was sent to.</summary>
    public Task<int> Publish(string group, object message, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(group, nameof(group), "group name");
        ArgumentNullException.ThrowIfNull(message);
        Member.EnsureRunning(SwormName, nameof(Publish));
        var members = _runtime.Replica.Members(group);
        foreach (var pid in members)
        {
            Root.Send(pid, message);
        }

        return Task.FromResult(members.Count);
    }

    /// <summary>Requests <paramref name="message"/> of every member of <paramref name="group"/>; members that fail or time out are left out.</summary>
    public async Task<IReadOnlyList<TReply>> MultiCall<TReply>(string group, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(group, nameof(group), "group name");
        ArgumentNullException.ThrowIfNull(message);
        var limit = ValidTimeout(timeout);
        Member.EnsureRunning(SwormName, nameof(MultiCall));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var calls = _runtime.Replica.Members(group).Select(pid => TryRequest<TReply>(pid, message, deadline.Token)).ToArray();
        var replies = await Task.WhenAll(calls).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return replies.Where(r => r.Ok).Select(r => r.Reply!).ToArray();
    }

    /// <summary>Sends <paramref name="message"/> to the process registered under <paramref name="name"/>; false when there is none.</summary>
    public Task<bool> Send(string name, object message, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(message);
        Member.EnsureRunning(SwormName, nameof(Send));
        if (_runtime.Replica.WhereIs(name) is not { } pid)
        {
            return Task.FromResult(false);
        }

        Root.Send(pid, message);
        return Task.FromResult(true);
    }

    /// <summary>Requests <paramref name="message"/> of the process registered under <paramref name="name"/>.</summary>
    public async Task<TReply> Request<TReply>(string name, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(message);
        var limit = ValidTimeout(timeout);
        Member.EnsureRunning(SwormName, nameof(Request));
        var pid = _runtime.Replica.WhereIs(name) ?? throw new SwormNameNotFoundException(SwormName, name);
        return await _runtime.Bounded(async token =>
        {
            try
            {
                return await Root.RequestAsync<TReply>(pid, message, token).ConfigureAwait(false);
            }
            catch (DeadLetterException)
            {
                // The process stopped between the lookup and the request.
                throw new SwormNameNotFoundException(SwormName, name);
            }
        }, nameof(Request), name, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The addresses (host:port) of the members that run this sworm, this member included.</summary>
    public Task<IReadOnlyList<string>> Nodes(CancellationToken cancellationToken = default)
    {
        Member.EnsureRunning(SwormName, nameof(Nodes));
        IReadOnlyList<string> nodes = Member.Cluster.MemberList.GetMembersByKind(_runtime.Kind).Select(m => m.Address).Order(StringComparer.Ordinal).ToArray();
        return Task.FromResult(nodes);
    }

    private async Task<bool> ChangeGroup(string group, PID pid, bool join, string operation, CancellationToken cancellationToken)
    {
        SwormNames.Validate(group, nameof(group), "group name");
        ArgumentNullException.ThrowIfNull(pid);
        Member.EnsureRunning(SwormName, operation);
        if (!Member.RunsKind(pid.Address, _runtime.Kind))
        {
            return false; // a process on a member without this sworm cannot be part of it
        }

        var registry = pid.Address == Member.System.Address ? _runtime.RegistryPid! : PID.FromAddress(pid.Address, _runtime.RegistryName);
        var changed = await _runtime.Bounded(token => Root.RequestAsync<GroupChanged>(registry, new ChangeGroup(group, pid, join), token),
            operation, group, Member.Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        if (changed.Accepted)
        {
            var kind = join ? RegistryChangeKind.GroupJoined : RegistryChangeKind.GroupLeft;
            await ApplyEarly(changed.Source, changed.Sequence, new RegistryChange(kind, group, pid)).ConfigureAwait(false);
        }

        return changed.Accepted;
    }

    /// <summary>Read-your-writes: apply a change this call caused here, before the replicated delta arrives.</summary>
    private async Task ApplyEarly(string? source, long sequence, RegistryChange change)
    {
        if (source is not null && _runtime.Replica.AppliedSequence(source) < sequence)
        {
            await Root.RequestAsync<ApplyEarly>(_runtime.RegistryPid!, new ApplyEarly(source, sequence, change), Member.Options.RequestTimeout)
                .ConfigureAwait(false);
        }
    }

    private async Task<(bool Ok, TReply? Reply)> TryRequest<TReply>(PID pid, object message, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await Root.RequestAsync<TReply>(pid, message, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception)
        {
            return (false, default);
        }
    }

    private TimeSpan ValidTimeout(TimeSpan? timeout)
    {
        var limit = timeout ?? Member.Options.RequestTimeout;
        return limit > TimeSpan.Zero
            ? limit
            : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive (or null for the default).");
    }

    private SwormException Unexpected(DelegateReply reply, string operation) =>
        new($"{SwormName}.{operation} got an unexpected answer from the name's delegate ({reply.Outcome}); this is a bug in Sworm.");
}
