using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Protocol;
using Sworm.Registry;
using Sworm.Workers;

namespace Sworm;

/// <summary>
/// One sworm on one member: its options, its cluster kind (whose activations are the names' delegates),
/// its registry replica and registry actor, and the plumbing the delegates and the client share.
/// </summary>
internal sealed class SwormRuntime
{
    public SwormRuntime(SwormMember member, SwormDeclaration declaration, SwormOptions options, ILogger logger)
    {
        Member = member;
        Declaration = declaration;
        Options = options;
        Logger = logger;
        Kind = "sworm." + declaration.Name;
        RegistryName = "$sworm/" + declaration.Name;
    }

    public SwormMember Member { get; }
    public SwormDeclaration Declaration { get; }
    public SwormOptions Options { get; }
    public ILogger Logger { get; }
    public string Name => Declaration.Name;

    /// <summary>The Proto cluster kind whose activations are this sworm's delegates.</summary>
    public string Kind { get; }

    /// <summary>The well-known actor name of this sworm's registry actor on every member.</summary>
    public string RegistryName { get; }

    public RegistryReplica Replica { get; } = new();

    /// <summary>This member's registry actor, once the member has started.</summary>
    public PID? RegistryPid { get; set; }

    public IActor CreateWorker(WorkerSpec spec)
    {
        if (!WorkerFactories.TryGet(spec, out var factory))
        {
            throw new SwormException(UnknownWorker(spec));
        }

        return factory(Member.Services, new WorkerArgumentsReader(spec));
    }

    public static string UnknownWorker(WorkerSpec spec) =>
        $"No [SwormWorker] {spec.WorkerType} with a constructor taking ({spec.Constructor}) is known in this process. " +
        "Create specs with the generated Spec(...) methods, and make sure every member runs the same version of the assembly that declares the worker.";

    public Task<Published> PublishAsync(IContext context, PublishWorker message) => AskRegistry<Published>(context, message);

    public Task<Published> UnpublishAsync(IContext context, UnpublishName message) =>
        message.Pid.Address == context.System.Address
            ? AskRegistry<Published>(context, message)
            : context.RequestAsync<Published>(PID.FromAddress(message.Pid.Address, RegistryName), message, Member.Options.RequestTimeout);

    public Task<Published> TrackAsync(IContext context, TrackProcess message) =>
        context.RequestAsync<Published>(PID.FromAddress(message.Pid.Address, RegistryName), message, Member.Options.RequestTimeout);

    private Task<T> AskRegistry<T>(IContext context, object message) =>
        context.RequestAsync<T>(RegistryPid ?? throw new SwormUnavailableException($"The registry of sworm '{Name}' is not running on this member."),
            message, Member.Options.RequestTimeout);

    public Props DelegateProps() => Props.FromProducer(() => new Supervision.DelegateActor(this));

    public Props RegistryProps() => Props.FromProducer(() => new RegistryActor(this));

    /// <summary>Sends <paramref name="message"/> to the delegate of <paramref name="name"/> (activating it) and waits, bounded.</summary>
    public async Task<DelegateReply> AskDelegate(string name, object message, string operation, CancellationToken cancellationToken)
    {
        Member.EnsureRunning(Name, operation);
        if (Member.Cluster.MemberList.GetMembersByKind(Kind).Length == 0)
        {
            throw new SwormUnavailableException(
                $"No member of the cluster runs sworm '{Name}', so {operation} has nowhere to go. Add it on at least one member with AddSworm<{Name}>().");
        }

        var reply = await Bounded(
            token => Member.Cluster.RequestAsync<DelegateReply>(name, Kind, message, token),
            operation, name, Member.Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return reply ?? throw TimedOut(operation, name, Member.Options.RequestTimeout, null);
    }

    /// <summary>
    /// Runs a remote call under the caller's token and a deadline, and turns what Proto throws into what the
    /// caller should see: its own cancellation, or a <see cref="SwormTimeoutException"/> that says what timed out.
    /// </summary>
    public async Task<T> Bounded<T>(Func<CancellationToken, Task<T>> call, string operation, string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            throw Cancelled(e, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or DeadLetterException)
        {
            throw TimedOut(operation, key, timeout, e);
        }
    }

    /// <summary>Proto reports a cancelled request as a timeout; the caller should see its own cancellation.</summary>
    public static OperationCanceledException Cancelled(Exception e, CancellationToken cancellationToken) =>
        e as OperationCanceledException ?? new OperationCanceledException("The call was cancelled.", e, cancellationToken);

    public SwormTimeoutException TimedOut(string operation, string name, TimeSpan timeout, Exception? inner) =>
        new($"{operation}('{name}') in sworm '{Name}' got no answer within {timeout.TotalSeconds:0.###} s. " +
            "The member that holds the name may be overloaded or unreachable; retry, or raise the timeout with WithRequestTimeout(...).", inner);
}
