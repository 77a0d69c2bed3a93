using Proto;
using Sworm.Registry;
using Sworm.Sworms;

namespace Sworm;

/// <summary>Messages by name and by group: resolved through the name route, sent straight to the process.</summary>
public sealed partial class SwormClient
{
    /// <summary>Sends <paramref name="message"/> to the process registered under <paramref name="name"/>; false when there is none.</summary>
    public Task<bool> Send(string name, object message, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(message);
        EnsureRunning(nameof(Send));
        if (_runtime.Route.Resolve(name) is not { } pid)
        {
            return Task.FromResult(false);
        }

        Root.Send(pid, message);
        return Task.FromResult(true);
    }

    /// <summary>Requests <paramref name="message"/> of the process registered under <paramref name="name"/>.</summary>
    /// <remarks>
    /// A request that reaches no process (a dead letter: the process stopped after the lookup, or the name is moving to
    /// another member) was not delivered, so it is retried after a new lookup, a few times within a few hundred
    /// milliseconds and the timeout; it is never delivered twice.
    /// </remarks>
    /// <exception cref="SwormNameNotFoundException">The name is not registered, or its process stopped and the name went with it.</exception>
    /// <exception cref="SwormTimeoutException">No reply within <paramref name="timeout"/> (default: the cluster's request timeout).</exception>
    public Task<TReply> Request<TReply>(string name, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        // Not async: one state machine per call (RequestWithin's) on the hot path; bad input still ends the task, never throws here.
        try
        {
            SwormNames.Validate(name, nameof(name));
            ArgumentNullException.ThrowIfNull(message);
            var limit = ValidTimeout(timeout);
            EnsureRunning(nameof(Request));
            var pid = _runtime.Route.Resolve(name) ?? throw new SwormNameNotFoundException(SwormName, name);
            return cancellationToken.CanBeCanceled
                ? RequestCancellable<TReply>(pid, name, message, limit, cancellationToken)
                : RequestWithin<TReply>(pid, name, message, limit);
        }
        catch (Exception e)
        {
            return Task.FromException<TReply>(e);
        }
    }

    private Task<TReply> RequestCancellable<TReply>(PID pid, string name, object message, TimeSpan limit, CancellationToken cancellationToken) =>
        RemoteCall.Bounded(async token =>
        {
            try
            {
                return await Ask<TReply>(pid, message, token).ConfigureAwait(false);
            }
            catch (NotDeliveredException)
            {
                return await AfterDeadLetter<TReply>(name, message, token).ConfigureAwait(false);
            }
            catch (DeadLetterException)
            {
                // A process the request was passed on to is gone.
                throw new SwormNameNotFoundException(SwormName, name);
            }
        }, SwormName, nameof(Request), name, limit, cancellationToken);

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
        EnsureRunning(nameof(Members));
        return Task.FromResult(_runtime.Route.Members(group));
    }

    /// <summary>Sends <paramref name="message"/> to every member of <paramref name="group"/>; returns how many it was sent to.</summary>
    public Task<int> Publish(string group, object message, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(group, nameof(group), "group name");
        ArgumentNullException.ThrowIfNull(message);
        EnsureRunning(nameof(Publish));
        var members = _runtime.Route.Members(group);
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
        EnsureRunning(nameof(MultiCall));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var calls = _runtime.Route.Members(group).Select(pid => TryRequest<TReply>(pid, message, deadline.Token)).ToArray();
        var replies = await Task.WhenAll(calls).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return replies.Where(r => r.Ok).Select(r => r.Reply!).ToArray();
    }

    private async Task<bool> ChangeGroup(string group, PID pid, bool join, string operation, CancellationToken cancellationToken)
    {
        SwormNames.Validate(group, nameof(group), "group name");
        ArgumentNullException.ThrowIfNull(pid);
        EnsureRunning(operation);
        if (!_runtime.Topology.RunsSworm(pid.Address))
        {
            return false; // a process on a member without this sworm cannot be part of it
        }

        var changed = await RemoteCall.Bounded(token => _runtime.Registry.ChangeGroup(Root, group, pid, join, token),
            SwormName, operation, group, RequestTimeout, cancellationToken).ConfigureAwait(false);
        if (changed.Accepted)
        {
            var kind = join ? RegistryChangeKind.GroupJoined : RegistryChangeKind.GroupLeft;
            await _runtime.Registry.ApplyEarly(Root, changed.Source, changed.Sequence, kind, group, pid).ConfigureAwait(false);
        }

        return changed.Accepted;
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
}
