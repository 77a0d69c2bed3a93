using Proto;
using Proto.Cluster;
using Proto.Future;
using Sworm.Configuration;
using Sworm.Membership;
using Sworm.Registry;

namespace Sworm.Supervision.Placement;

/// <summary>
/// Where a name's delegate lives, and the one way to ask it something (<see cref="Ask(string, object, CancellationToken)"/>). The rule, shared by the
/// member that asks and the name host that receives:
/// - a name held by a supervised worker lives with its worker (its delegate supervises it there): the replica says where;
/// - any other name (new, claimed, unregistered, lost with its member) goes to its <b>owner</b>, the rendezvous-first
///   member among those that run the sworm and are not leaving. Every member computes the same owner from the same
///   member list, so concurrent registrations of a name meet in one delegate, one message at a time.
/// While members disagree on the topology (a member joined or left a moment ago), two owners can start the same name;
/// the registry's conflict rule keeps one (<c>Registry/ConflictRule.cs</c>), as Swarm's tracker does.
/// </summary>
internal sealed class NameHosts(SwormSettings settings, SwormTopology topology, RegistryReplica replica, ActorSystem system)
{
    /// <summary>How many name hosts may pass one request on (views that disagree cannot pass it around forever).</summary>
    public const int MaxHops = 3;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>This member's name host, once the member has started.</summary>
    public PID? Local { get; set; }

    /// <summary>The members that run the sworm, this member included.</summary>
    public Member[] Members() => topology.Members();

    /// <summary>Delivers every topology change to <paramref name="host"/>'s mailbox until the subscription is disposed.</summary>
    public EventStreamSubscription<object> SubscribeToTopology(PID host) => topology.Subscribe(host);

    /// <summary>The name host on the member at <paramref name="address"/>.</summary>
    public PID At(string address) =>
        Local is { } local && local.Address == address ? local : PID.FromAddress(address, settings.NameHostName);

    /// <summary>Whether the member at <paramref name="address"/> runs the sworm.</summary>
    public bool RunsSworm(string address) => topology.RunsSworm(address);

    /// <summary>The address of <paramref name="member"/> (kept once per topology), or null.</summary>
    public string? AddressOf(Member? member) => member is null ? null : topology.AddressOf(member);

    /// <summary>The rendezvous-first member for <paramref name="name"/> among those that stay (all of them if every member leaves).</summary>
    public Member? Owner(string name, Member[] members) =>
        StayingOwner(name, members) ?? Rendezvous.First(name, members, 0, static (_, _) => true);

    /// <summary>The rendezvous-first member for <paramref name="name"/> among those that run the sworm and stay; null if every member leaves.</summary>
    public Member? StayingOwner(string name, Member[] members) =>
        Rendezvous.First(name, members, topology, static (m, t) => !t.IsMemberLeaving(m.Id));

    /// <summary>The address of the member whose delegate holds <paramref name="name"/>'s supervised worker, if it runs the sworm.</summary>
    public string? HolderAddress(string name)
    {
        if (replica.EntryOf(name) is not { IsClaim: false } entry)
        {
            return null;
        }

        var address = entry.Pid.Address;
        return RunsSworm(address) ? address : null;
    }

    /// <summary>Where the member that asks sends <paramref name="request"/>: the holder's member, else the owner; null when no member runs the sworm.</summary>
    public string? Target(NameRequest request)
    {
        var members = topology.Members();
        return (request.IsArrival ? null : HolderAddress(request.Name)) ?? AddressOf(Owner(request.Name, members));
    }

    /// <summary>
    /// On a name host without a delegate for the name: the member to pass <paramref name="request"/> on to, or null to
    /// start the delegate here. A successor (handoff) starts where it was sent; a first hop follows the replica to the
    /// holder; then the owner (this member's view), unless this member is it.
    /// </summary>
    public string? PassOn(NameRequest request)
    {
        if (request.IsArrival || request.Hops >= MaxHops)
        {
            return null;
        }

        var members = topology.Members();
        var self = topology.SelfAddress;
        if (request.Hops == 0 && HolderAddress(request.Name) is { } holder && holder != self)
        {
            return holder;
        }

        return AddressOf(Owner(request.Name, members)) is { } owner && owner != self ? owner : null;
    }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="name"/>'s delegate and waits for its answer, until
    /// <paramref name="cancellationToken"/>: a request that meets a stopped delegate or host (a dead letter) is routed again.
    /// </summary>
    /// <returns>The delegate's answer; null when no member runs the sworm.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> ended the wait (the caller's deadline or cancellation).</exception>
    public Task<DelegateReply?> Ask(string name, object message, CancellationToken cancellationToken) =>
        Ask(NameRequest.For(name, message), null, cancellationToken);

    /// <summary>Like <see cref="Ask(string, object, CancellationToken)"/>, to the name host at <paramref name="address"/> (a successor's placement).</summary>
    public Task<DelegateReply?> AskAt(string address, string name, object message, CancellationToken cancellationToken) =>
        Ask(NameRequest.For(name, message), address, cancellationToken);

    private async Task<DelegateReply?> Ask(NameRequest request, string? address, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        for (var retry = false; ; retry = true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = address ?? Target(request);
            if (target is null)
            {
                return null;
            }

            object? answer;
            try
            {
                if (retry)
                {
                    answer = await AskWhileMember(request, target, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using var future = Send(request, target);
                    answer = MessageEnvelope.UnwrapMessage(await future.GetTask(cancellationToken).ConfigureAwait(false));
                }
            }
            catch (TimeoutException e) when (cancellationToken.IsCancellationRequested)
            {
                // Proto reports the token's end as a timeout.
                throw new OperationCanceledException("The request was cancelled or its deadline passed.", e, cancellationToken);
            }

            switch (answer)
            {
                case DelegateReply reply:
                    return reply;
                case null when address is not null:
                    return null; // the member it was sent to left: nowhere else to go
                case DeadLetterResponse or null:
                    // A stopped delegate or a stopping member (null: the member it went to left meanwhile): routed again
                    // once the topology or the host has moved on.
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
                    break;
                default:
                    throw new InvalidOperationException($"A name host answered {answer.GetType().Name}, not a {nameof(DelegateReply)}.");
            }
        }
    }

    /// <summary>Sends the request with a Proto future for its answer: not RequestAsync, whose async frame every registration would pay.</summary>
    private IFuture Send(NameRequest request, string target)
    {
        var future = system.Root.GetFuture();
        system.Root.Request(At(target), request, future.Pid);
        return future;
    }

    /// <summary>
    /// A request routed again after a dead letter, most often to a member on its way out: it may be lost there (the
    /// member's remoting shuts down with the request unread), so the wait also ends, with null, when that member leaves
    /// the topology, instead of at the caller's deadline. Only retries pay for the watch; a first request waits as is.
    /// </summary>
    private async Task<object?> AskWhileMember(NameRequest request, string target, CancellationToken cancellationToken)
    {
        if (target != system.Address && !topology.IsLive(target))
        {
            return null; // gone already
        }

        // Cancelled from Proto's topology thread: TryCancel, since the source may be disposed by then.
        var left = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = system.EventStream.Subscribe<ClusterTopology>(t =>
        {
            if (!t.Members.Any(m => m.Address == target))
            {
                TryCancel(left);
            }
        });
        try
        {
            using var future = Send(request, target);
            return MessageEnvelope.UnwrapMessage(await future.GetTask(left.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException
                                  && left.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            watch.Unsubscribe();
            left.Dispose();
        }
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request ended meanwhile.
        }
    }
}
