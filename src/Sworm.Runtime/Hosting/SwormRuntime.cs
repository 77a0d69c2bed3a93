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
        SpecStoreName = "$sworm/" + declaration.Name + "/specs";
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

    /// <summary>The well-known actor name of this sworm's spec store on every member.</summary>
    public string SpecStoreName { get; }

    public RegistryReplica Replica { get; } = new();

    /// <summary>This member's spec store, once the member has started.</summary>
    public PID? SpecStorePid { get; set; }

    /// <summary>Whether specs are copied to other members: a Temporary worker is never restarted, so it needs none.</summary>
    public bool CopiesSpecs => Options.Restart != RestartStrategy.Temporary && Options.SpecCopies > 0;

    /// <summary>How many lost workers this member's spec store is restoring right now (written by the store only).</summary>
    public int PendingRestores => Volatile.Read(ref _pendingRestores);

    internal void SetPendingRestores(int count) => Volatile.Write(ref _pendingRestores, count);

    private int _pendingRestores;

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

    /// <summary>The members (ids) that hold copies of <paramref name="name"/>'s spec when <paramref name="host"/> runs it.</summary>
    public IEnumerable<string> SpecHolders(string name, IEnumerable<string> liveMembers, string host) =>
        Supervision.Rendezvous.Rank(name, liveMembers.Where(id => id != host)).Take(Options.SpecCopies);

    /// <summary>
    /// Copies a started worker's spec to its holders and waits for them, so a crash of this member cannot lose it.
    /// A holder that does not answer in time is logged and skipped (the copy is re-sent when the topology changes).
    ///
    /// On a leaving member (a restore can still land here while it hands over), the copy goes to every other member,
    /// as the hand-over does: the holders may be leaving too.
    /// </summary>
    public async Task CopySpec(IContext context, string name, WorkerSpec spec)
    {
        if (!CopiesSpecs)
        {
            return;
        }

        var self = context.System.Id;
        var members = Member.Cluster.MemberList.GetMembersByKind(Kind).Where(m => m.Id != self).ToArray();
        var leaving = Member.State == MemberState.Stopping;
        var holders = leaving
            ? members
            : SpecHolders(name, members.Select(m => m.Id), self).Select(id => members.First(m => m.Id == id)).ToArray();
        await StoreSpecOn(context, holders, name, spec, self).ConfigureAwait(false);
        if (!leaving && Member.State == MemberState.Stopping)
        {
            await StoreSpecOn(context, members.Except(holders).ToArray(), name, spec, self).ConfigureAwait(false);
            leaving = true;
        }

        // Copied to every member already: the store need not forward it after its hand-over.
        context.Send(SpecStorePid!, new HostedSpec(name, spec, CopiedToEveryMember: leaving));
    }

    private Task StoreSpecOn(IContext context, Member[] holders, string name, WorkerSpec spec, string self) =>
        Task.WhenAll(holders.Select(async member =>
        {
            try
            {
                await context.RequestAsync<SpecStored>(PID.FromAddress(member.Address, SpecStoreName), new StoreSpec(name, spec, self), Member.Options.RequestTimeout)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                Logger.LogWarning(e, "Spec of '{Name}' in sworm {Sworm} was not acknowledged by {Member}", name, Name, member.Address);
            }
        }));

    /// <summary>
    /// The name is gone for good: its copies can go too. Every member is told, not only the holders: after a
    /// graceful leave every member holds a copy (see SpecStoreActor.HandOver), and none may restore it any more.
    /// </summary>
    public void ForgetSpec(IContext context, string name)
    {
        if (!CopiesSpecs)
        {
            return;
        }

        var self = context.System.Id;
        var drop = new DropSpec(name, self);
        foreach (var member in Member.Cluster.MemberList.GetMembersByKind(Kind).Where(m => m.Id != self))
        {
            context.Send(PID.FromAddress(member.Address, SpecStoreName), drop);
        }

        // This member's own store may hold a copy from a member that left (and may be about to restore it).
        context.Send(SpecStorePid!, drop);
        context.Send(SpecStorePid!, new HostedSpec(name, null));
    }

    public Props SpecStoreProps() => Props.FromProducer(() => new Supervision.SpecStoreActor(this));

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
