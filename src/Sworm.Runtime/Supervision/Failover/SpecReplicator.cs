using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Membership;
using Sworm.Registry;
using Sworm.Supervision.Placement;

namespace Sworm.Supervision.Failover;

/// <summary>
/// The delegates' side of the spec-copy protocol (the store's side is <see cref="SpecStoreActor"/>): which members
/// hold a name's spec, copying it there with acknowledgement, and dropping every copy when the name is gone.
///
/// When the copies go to every peer (the default), they ride with the name's publication: the registry's delta to
/// each peer carries the spec, and the publication is answered once a peer's store acknowledged it
/// (<see cref="CarriesCopies"/>, <c>Registry/RegistryActor.SpecCopies.cs</c>). Fewer copies than peers, or a leaving
/// member, copy directly (<see cref="Copy"/>). Drops always ride with the deltas, so none overtakes its copy.
/// </summary>
internal sealed partial class SpecReplicator(SwormSettings settings, SwormTopology topology, RegistryClient registry, ILogger logger)
{
    /// <summary>This member's spec store, once the member has started.</summary>
    public PID? LocalStore { get; set; }

    /// <summary>The spec store on the member at <paramref name="address"/>.</summary>
    public PID StoreAt(string address) => PID.FromAddress(address, settings.SpecStoreName);

    /// <summary>The members (ids) that hold copies of <paramref name="name"/>'s spec when <paramref name="host"/> runs it.</summary>
    public IEnumerable<string> Holders(string name, IEnumerable<string> liveMembers, string host) =>
        Rendezvous.Rank(name, liveMembers.Where(id => id != host)).Take(settings.Options.SpecCopies);

    /// <summary>
    /// Whether a started worker's copies go with its publication (<c>Registry.Publish</c> with the spec): copies go to
    /// every peer, and no member is leaving (the publication goes to a leaving peer too, whose acknowledgement must not
    /// count: <see cref="Copy"/> leaves it out). Then the publication replaces <see cref="Copy"/>, and this member's store
    /// learns that it hosts the spec from the registry too.
    /// </summary>
    public bool CarriesCopies =>
        settings.CopiesSpecs && settings.Options.SpecCopies >= topology.Peers().Length && !topology.IsLeaving && !topology.AnyPeerLeaving;

    /// <summary>
    /// Copies a started worker's spec to its holders and waits for them, so a crash of this member cannot lose it.
    /// A holder that does not answer in time is logged and skipped (the copy is re-sent when the topology changes).
    ///
    /// On a leaving member (a restore can still land here while it hands over), the copy goes to every other member,
    /// as the hand-over does: the holders may be leaving too.
    /// </summary>
    public async Task Copy(IContext context, string name, WorkerSpec spec)
    {
        if (!settings.CopiesSpecs)
        {
            return;
        }

        var self = topology.SelfId;
        var peers = topology.Peers();
        var leaving = topology.IsLeaving;
        var holders = leaving ? peers : RankedHolders(name, peers);
        // The first holder acknowledges (a crash of this member right after Started cannot lose the spec); the rest
        // (every other member by default) are sent without waiting, so the latency of a registration does not grow
        // with the cluster. A lost one is re-sent when the topology changes.
        if (holders.Length > 0)
        {
            await StoreOn(context, holders[0], name, spec, self).ConfigureAwait(false);
        }

        for (var i = 1; i < holders.Length; i++)
        {
            context.Send(StoreAt(topology.AddressOf(holders[i])), new StoreSpec(name, spec, self));
        }

        if (!leaving && topology.IsLeaving)
        {
            await Task.WhenAll(peers.Except(holders).Select(peer => StoreOn(context, peer, name, spec, self))).ConfigureAwait(false);
            leaving = true;
        }

        // Copied to every member already: the store need not forward it after its hand-over.
        context.Send(LocalStore!, new HostedSpec(name, spec, CopiedToEveryMember: leaving));
    }

    /// <summary>
    /// The name is gone for good: its copies can go too. Every member is told, not only the holders: after a
    /// graceful leave every member holds a copy (see SpecStoreActor.HandOver), and none may restore it any more.
    /// </summary>
    public void Forget(IContext context, string name)
    {
        if (!settings.CopiesSpecs)
        {
            return;
        }

        var drop = new DropSpec(name, topology.SelfId);
        if (registry.LocalPid is { } local)
        {
            context.Send(local, new ForgetSpec(name)); // in order with the deltas that carried (or will carry) its copies
        }
        else
        {
            SendToPeers(context, drop);
        }

        // This member's own store may hold a copy from a member that left (and may be about to restore it).
        context.Send(LocalStore!, drop);
        context.Send(LocalStore!, new HostedSpec(name, null));
    }

    /// <summary>The name's worker moved to another member (handoff): this member's hand-over need not carry its spec.</summary>
    public void NotHostedHere(IContext context, string name)
    {
        if (settings.CopiesSpecs && LocalStore is { } store)
        {
            context.Send(store, new HostedSpec(name, null));
        }
    }

    /// <summary>Sends <paramref name="message"/> to the spec store of every other member that runs the sworm.</summary>
    public void SendToPeers(ISenderContext context, object message)
    {
        foreach (var peer in topology.Peers())
        {
            context.Send(StoreAt(topology.AddressOf(peer)), message);
        }
    }

    /// <summary>
    /// The peers that hold <paramref name="name"/>'s spec, first-ranked first (the order of <see cref="Holders"/>). A
    /// member that announced its leave is no holder: its copy would be handed back at once (and a successor arriving
    /// from it would wait on the busy leaver for an acknowledgement it does not need). Runs per registration, so
    /// it allocates only its result.
    /// </summary>
    private Member[] RankedHolders(string name, Member[] peers)
    {
        var staying = new Member[peers.Length];
        var count = 0;
        foreach (var peer in peers)
        {
            if (!topology.IsMemberLeaving(peer.Id))
            {
                staying[count++] = peer;
            }
        }

        if (count < staying.Length)
        {
            Array.Resize(ref staying, count);
        }

        Rendezvous.SortByRank(name, staying);
        var copies = settings.Options.SpecCopies;
        return copies < staying.Length ? staying[..copies] : staying;
    }

    private async Task StoreOn(IContext context, Member holder, string name, WorkerSpec spec, string self)
    {
        try
        {
            await context.RequestAsync<SpecStored>(StoreAt(topology.AddressOf(holder)), new StoreSpec(name, spec, self), settings.RequestDeadline())
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or DeadLetterException)
        {
            Log.CopyNotAcknowledged(logger, name, settings.Name, holder.Address, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Failover + 1, Level = LogLevel.Warning, Message = "Spec of '{Name}' in sworm {Sworm} was not acknowledged by {Member}")]
        public static partial void CopyNotAcknowledged(ILogger logger, string name, string sworm, string member, Exception exception);
    }
}
