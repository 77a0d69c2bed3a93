using Proto;
using Sworm.Configuration;
using Sworm.Workers;

namespace Sworm.Registry;

/// <summary>
/// How the rest of the runtime talks to a sworm's registry actors: publish and unpublish names, track processes,
/// change groups, apply an answer's change early (read-your-writes). Owns the registry actor's well-known name and
/// this member's registry pid, so no other code builds registry addresses or registry messages.
/// </summary>
internal sealed class RegistryClient(SwormSettings settings, RegistryReplica replica)
{
    /// <summary>This member's replica of the sworm's registry (lock-free reads).</summary>
    public RegistryReplica Replica { get; } = replica;

    /// <summary>This member's registry actor, once the member has started.</summary>
    public PID? LocalPid { get; set; }

    private PID Local => LocalPid ?? throw new SwormUnavailableException($"The registry of sworm '{settings.Name}' is not running on this member.");

    /// <summary>The registry actor on the member at <paramref name="address"/>.</summary>
    public PID At(string address) => LocalPid is { } local && local.Address == address ? local : PID.FromAddress(address, settings.RegistryName);

    /// <summary>
    /// A supervised worker (re)started on this member under <paramref name="name"/> (<paramref name="arriving"/>: a
    /// handoff successor); <paramref name="reply"/> gets the answer. With <paramref name="spec"/>, its failover copies go
    /// with the publication to every peer and the answer waits for one peer's acknowledgement (released unacknowledged
    /// after a request timeout: give the reply a deadline of two), or, when <paramref name="asker"/> is the address of
    /// the other member the registration came from, until the delta has left for it.
    /// </summary>
    public void Publish(ISenderContext context, string name, PID pid, ILocalReply<Published> reply, bool arriving = false, WorkerSpec? spec = null, string? asker = null) =>
        context.Send(Local, new PublishWorker(name, pid, arriving, spec, reply, asker));

    /// <summary>The local supervised worker <paramref name="pid"/> stopped (its names and groups go); told by its name host.</summary>
    public void WorkerStopped(ISenderContext context, PID pid)
    {
        if (LocalPid is { } local)
        {
            context.Send(local, new WorkerStopped(pid));
        }
    }

    /// <summary>The local worker <paramref name="pid"/> is moving away: its name stays on it until it points at the successor.</summary>
    public Task<MovingNameHeld> HoldMoving(ISenderContext context, string name, PID pid) =>
        context.RequestAsync<MovingNameHeld>(Local, new HoldMovingName(name, pid), settings.RequestDeadline());

    /// <summary>The moved name points at its successor <paramref name="to"/> in this member's part of the registry.</summary>
    public Task<Published> PointMoved(ISenderContext context, string name, PID from, PID to) =>
        context.RequestAsync<Published>(Local, new PointMovedName(name, from, to), settings.RequestDeadline());

    /// <summary>Waits until the registry at <paramref name="address"/> has applied this member's changes up to <paramref name="sequence"/>.</summary>
    public Task<AppliedUpTo> AwaitApplied(ISenderContext context, string address, string source, long sequence, CancellationToken cancellationToken) =>
        context.RequestAsync<AppliedUpTo>(At(address), new AwaitApplied(source, sequence), cancellationToken);

    /// <summary>Removes <paramref name="name"/> on <paramref name="pid"/>'s member if it still points at it.</summary>
    public Task<Published> Unpublish(ISenderContext context, string name, PID pid) =>
        context.RequestAsync<Published>(At(pid.Address), new UnpublishName(name, pid), settings.RequestDeadline());

    /// <summary>
    /// Asks <paramref name="pid"/>'s member to track it under <paramref name="name"/> and to tell <paramref name="notify"/>
    /// (<see cref="TrackedProcessStopped"/>) when it stops. <paramref name="existingOnly"/>: only re-point the
    /// notification of a name it already tracks for that process.
    /// </summary>
    public Task<Published> Track(ISenderContext context, string name, PID pid, PID notify, bool existingOnly = false) =>
        context.RequestAsync<Published>(At(pid.Address), new TrackProcess(name, pid, notify, existingOnly), settings.RequestDeadline());

    /// <summary>Whether <paramref name="pid"/> still runs, asked of its member's registry (not of the process, which may be busy).</summary>
    public Task<ProcessProbed> Probe(ISenderContext context, PID pid) =>
        context.RequestAsync<ProcessProbed>(At(pid.Address), new ProbeProcess(pid), settings.RequestDeadline());

    /// <summary>Joins or leaves a group, on the member of <paramref name="pid"/>.</summary>
    public Task<GroupChanged> ChangeGroup(ISenderContext context, string group, PID pid, bool join, CancellationToken cancellationToken) =>
        context.RequestAsync<GroupChanged>(At(pid.Address), new ChangeGroup(group, pid, join), cancellationToken);

    /// <summary>
    /// Read-your-writes: applies here a name or group change that an answer reported, before its delta arrives. With
    /// <paramref name="spec"/> (a supervised worker this member's caller registered on another member, whose copy rode
    /// with the delta), this member keeps the copy if the delta is still missing by then.
    /// </summary>
    public async Task ApplyEarly(ISenderContext context, string? source, long sequence, RegistryChangeKind kind, string key, PID pid, WorkerSpec? spec = null)
    {
        if (source is not null && Replica.AppliedSequence(source) < sequence)
        {
            var early = new ApplyEarly(source, sequence, new RegistryChange(kind, key, pid), spec);
            await context.RequestAsync<ApplyEarly>(Local, early, settings.RequestDeadline()).ConfigureAwait(false);
        }
    }
}
