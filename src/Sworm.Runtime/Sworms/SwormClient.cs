using System.ComponentModel;
using Proto;
using Sworm.Registry;
using Sworm.Supervision;
using Sworm.Sworms;
using Sworm.Workers;

namespace Sworm;

/// <summary>
/// One sworm as seen from one member: what the generated facade members of a <c>[Sworm]</c> class call.
/// Use the facade (<c>MyProcesses</c> from DI) rather than this type.
///
/// Writes (register, unregister) go to the name's delegate; reads (<c>WhereIsName</c>, <c>Registered</c>,
/// <c>Members</c>) and sends by name are served from this member's registry replica through the name route,
/// without a round trip.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class SwormClient
{
    private readonly SwormRuntime _runtime;

    internal SwormClient(SwormRuntime runtime) => _runtime = runtime;

    /// <summary>The sworm's cluster-wide name.</summary>
    public string SwormName => _runtime.Name;

    private IRootContext Root => _runtime.Cluster.System.Root;

    private TimeSpan RequestTimeout => _runtime.Settings.RequestTimeout;

    private void EnsureRunning(string operation) => _runtime.Lifecycle.EnsureRunning(SwormName, operation);

    /// <summary>Starts the worker of <paramref name="spec"/> under <paramref name="name"/>, unless the name is held.</summary>
    public Task<RegisterResult> RegisterName(string name, WorkerSpec spec, CancellationToken cancellationToken = default)
    {
        // Not async: the registration's one state machine is Register's. Bad input still ends the task, never throws here.
        try
        {
            SwormNames.Validate(name, nameof(name));
            ArgumentNullException.ThrowIfNull(spec);
            if (!WorkerActivator.IsKnown(spec))
            {
                throw new ArgumentException(WorkerActivator.Unknown(spec), nameof(spec));
            }

            return Register(name, spec, cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<RegisterResult>(e);
        }
    }

    private RegisterResult Registered(string name, DelegateReply reply) => reply.Outcome switch
    {
        DelegateOutcome.Started => new RegisterResult(RegisterStatus.Started, reply.Pid!),
        DelegateOutcome.AlreadyStarted => new RegisterResult(RegisterStatus.AlreadyStarted, reply.Pid!),
        DelegateOutcome.Failed => throw new SwormStartException(name, reply.Reason ?? "unknown reason"),
        _ => throw Unexpected(reply, nameof(RegisterName)),
    };

    /// <summary>Registers an existing process under <paramref name="name"/>; false when the name is held.</summary>
    public async Task<bool> RegisterName(string name, PID pid, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(pid);
        EnsureRunning(nameof(RegisterName));
        if (!_runtime.Topology.RunsSworm(pid.Address))
        {
            throw new ArgumentException(
                $"Process {pid} lives at {pid.Address}, which is not a member that runs sworm '{SwormName}'. " +
                "Register processes spawned on a member that added this sworm (AddSworm<T>()).", nameof(pid));
        }

        var reply = await _runtime.AskDelegate(name, new ClaimName(pid), nameof(RegisterName), cancellationToken).ConfigureAwait(false);
        switch (reply.Outcome)
        {
            case DelegateOutcome.Claimed:
                await _runtime.Registry.ApplyEarly(Root, reply.Source, reply.Sequence, RegistryChangeKind.NameAdded, name, reply.Pid!).ConfigureAwait(false);
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
        EnsureRunning(nameof(WhereIsOrRegisterName));
        return _runtime.Route.Resolve(name)
               ?? (await RegisterName(name, spec, cancellationToken).ConfigureAwait(false)).Pid;
    }

    /// <summary>Removes <paramref name="name"/>; false when it was not registered.</summary>
    public async Task<bool> UnregisterName(string name, CancellationToken cancellationToken = default)
    {
        SwormNames.Validate(name, nameof(name));
        var reply = await AskUnregister(name, cancellationToken).ConfigureAwait(false);
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
        EnsureRunning(nameof(WhereIsName));
        return Task.FromResult(_runtime.Route.Resolve(name));
    }

    /// <summary>Every registered name of the sworm with its pid.</summary>
    public Task<IReadOnlyList<Registration>> Registered(CancellationToken cancellationToken = default)
    {
        EnsureRunning(nameof(Registered));
        return Task.FromResult(_runtime.Route.Registered());
    }

    /// <summary>The addresses (host:port) of the members that run this sworm, this member included.</summary>
    public Task<IReadOnlyList<string>> Nodes(CancellationToken cancellationToken = default)
    {
        EnsureRunning(nameof(Nodes));
        IReadOnlyList<string> nodes = _runtime.Topology.Members().Select(m => m.Address).Order(StringComparer.Ordinal).ToArray();
        return Task.FromResult(nodes);
    }

    private TimeSpan ValidTimeout(TimeSpan? timeout)
    {
        var limit = timeout ?? RequestTimeout;
        return limit > TimeSpan.Zero
            ? limit
            : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive (or null for the default).");
    }

    private SwormException Unexpected(DelegateReply reply, string operation) =>
        new($"{SwormName}.{operation} got an unexpected answer from the name's delegate ({reply.Outcome}); this is a bug in Sworm.");
}
