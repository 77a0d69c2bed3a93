using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm.Diagnostics;
using Sworm.Workers;

namespace Sworm.Registry;

/// <summary>
/// Failover copies of specs ride with the deltas (docs/performance.md): a name's publication and its spec copy go to
/// every peer anyway, so one delta per peer carries both, and one acknowledgement per delta (from the peer's spec
/// store, <see cref="SpecsAcknowledged"/>) answers every publication it carried, instead of a request and an answer
/// per name. The registry only carries them: the spec store (Supervision/Failover) keeps them.
///
/// A publication with a spec is answered once any peer's store has acknowledged its sequence (the delegate answers
/// <c>Started</c> only then, so a crash of this member right after cannot lose the spec); or, logged, when every peer
/// it went to has left, or after a request timeout (the store copies hosted specs to new holders when the topology
/// changes, as it did when a direct copy was not acknowledged). This member's own spec store gets each batch too (its
/// hosted specs), before the delta leaves, so it knows them before their delegates take their next step.
///
/// A registration asked from another member that is a peer (the common case with names placed by rendezvous) needs no
/// acknowledgement: its answer goes to that member after the delta, and Proto remoting delivers everything one member
/// sends to another in order, over one endpoint (<c>RemoteEndpointBase</c>: one channel, one writer loop). So the
/// asker's member has the delta, spec included, before its caller sees <c>RegisterName</c> return, and a crash of this
/// member after that loses nothing. Such a publication is answered as its delta leaves, and a delta whose every
/// publication is answered that way is sent without asking for an acknowledgement: a remote message less per new
/// name (measured with <c>bench -- newname</c>: docs/performance.md). Order does not cover a delta that goes missing
/// while the answer gets through (a batch lost with a connection that broke after the write, a message that could not
/// be read): then the caller's own spec, handed to this member's registry with the answer's read-your-writes
/// (<see cref="ApplyEarly"/>), is kept as the copy before <c>RegisterName</c> returns.
/// </summary>
internal sealed partial class RegistryActor
{
    private readonly Queue<AwaitedCopy> _unsentCopies = new();
    private readonly Queue<AwaitedCopy> _sentCopies = new();
    private static readonly TimeSpan MaxHold = TimeSpan.FromMilliseconds(2);
    private PID? _specStore;
    private long _holdSince;
    private Timer? _holdTimer;
    private bool _holdTimerArmed;

    private void PublishWithSpec(IContext context, PublishWorker publish, WorkerSpec spec)
    {
        _outbox.Carry(new CarriedSpec(publish.Name, spec));
        _unsentCopies.Enqueue(new AwaitedCopy(_outbox.LastSequence, new Answer<Published>(context.Sender, publish.Reply), Published(true), Stopwatch.GetTimestamp(),
            publish.Asker));
    }

    /// <summary>Whether a delta leaving for <paramref name="peers"/> now must be acknowledged: a publication it carries is not held by its asker's member.</summary>
    private bool CopiesNeedAcknowledgement(Member[] peers)
    {
        foreach (var copy in _unsentCopies)
        {
            if (!HeldByAsker(copy, peers))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Called as a delta leaves: the publications it carries now wait for one of <paramref name="peers"/>, except those
    /// whose asker's member is one of them (it gets the delta before the answer).
    /// </summary>
    private void CopiesSent(IContext context, Member[] peers)
    {
        while (_unsentCopies.TryDequeue(out var copy))
        {
            if (peers.Length == 0 || HeldByAsker(copy, peers))
            {
                copy.ReplyTo.Give(context, copy.Reply); // no peer to hold a copy (a one-member cluster), or the asker's member holds it
            }
            else
            {
                _sentCopies.Enqueue(copy with { SentTo = peers });
            }
        }
    }

    /// <summary>
    /// <paramref name="holder"/> keeps every spec carried up to <paramref name="sequence"/> that went to it. A peer that
    /// joined after a delta left did not get that delta: its acknowledgement does not answer the publications in it.
    /// </summary>
    private void OnSpecsAcknowledged(IContext context, long sequence, string holder)
    {
        var kept = 0;
        while (_sentCopies.TryPeek(out var copy) && copy.Sequence <= sequence && kept < _sentCopies.Count)
        {
            _sentCopies.Dequeue();
            if (WentTo(copy, holder))
            {
                copy.ReplyTo.Give(context, copy.Reply);
            }
            else
            {
                _sentCopies.Enqueue(copy); // behind the later ones: answered by another peer, or released unacknowledged
                kept++;
            }
        }
    }

    private static bool WentTo(AwaitedCopy copy, string holder) => Includes(copy.SentTo!, holder);

    private static bool HeldByAsker(AwaitedCopy copy, Member[] peers)
    {
        if (copy.Asker is not { } asker)
        {
            return false;
        }

        foreach (var peer in peers)
        {
            if (peer.Address == asker)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Publications whose every peer has left, or that waited a request timeout, are answered without an
    /// acknowledgement. Deltas leave in order, so one still waiting on a live peer holds back only the ones after it
    /// for as long as that peer's acknowledgement takes.
    /// </summary>
    private void ReleaseUnacknowledgedCopies(IContext context)
    {
        var count = _sentCopies.Count;
        for (var i = 0; i < count; i++)
        {
            var copy = _sentCopies.Dequeue();
            var gone = !copy.SentTo!.Any(peer => _topology.IsLiveMember(peer.Id));
            if (gone || Stopwatch.GetElapsedTime(copy.PublishedAt) >= _settings.RequestTimeout)
            {
                if (Logger is { } logger)
                {
                    Log.SpecNotAcknowledged(logger, _settings.Name, copy.Sequence, gone ? "every peer it went to left" : "no peer answered in time");
                }

                copy.ReplyTo.Give(context, copy.Reply);
            }
            else
            {
                _sentCopies.Enqueue(copy);
            }
        }
    }

    /// <summary>The registry stops: whoever still waits is answered (a stopping member's delegates drop the rest of their steps).</summary>
    private void AnswerAllCopies(IContext context)
    {
        foreach (var waiting in new[] { _sentCopies, _unsentCopies })
        {
            while (waiting.TryDequeue(out var copy))
            {
                copy.ReplyTo.Give(context, copy.Reply);
            }
        }
    }

    /// <summary>A peer's delta carried specs: this member's spec store keeps them and acknowledges to the sender.</summary>
    private void ForwardSpecs(IContext context, RegistryDelta delta)
    {
        if (delta.Specs is { Length: > 0 } specs)
        {
            context.Send(SpecStore(context), new ReplicatedSpecs(delta.Source, specs, context.Sender, delta.FirstSequence + delta.Changes.Length - 1));
        }
    }

    /// <summary>
    /// A registration this member asked of <see cref="ApplyEarly.Source"/> was answered, and the delta that carried its
    /// spec's copy, sent before the answer, has not been applied: it went missing (a batch lost with a connection that
    /// broke after the write, or a message that could not be read) or waits behind a snapshot. The caller's own spec
    /// is kept as that copy, before <c>RegisterName</c> returns (keeping it twice is harmless).
    /// </summary>
    private void KeepCopyOfMissingDelta(IContext context, ApplyEarly early)
    {
        if (early.Spec is { } spec && early.Source != _outbox.Source && IsPeer(early.Source) && _replica.AppliedSequence(early.Source) < early.Sequence)
        {
            context.Send(SpecStore(context), new ReplicatedSpecs(early.Source, [new CarriedSpec(early.Change.Key, spec)], null, early.Sequence));
        }
    }

    /// <summary>
    /// Acknowledgement-clocked batching (group commit; TCP's Nagle rule): while publications of a sent delta wait for
    /// a peer's acknowledgement, the next changes gather into one delta that leaves when that acknowledgement comes,
    /// instead of one delta (and one acknowledgement) per turn of this mailbox. Under load a delta carries the
    /// registrations of a round trip (measured: 14 new names per delta at 64 in flight, against 2.7); an idle registry
    /// waits for nothing and sends at once. An acknowledgement that takes longer than <see cref="MaxHold"/> (plus the
    /// timer's resolution: about 1 ms on Linux, 15.6 ms on Windows) holds nothing back any more (a timer wakes this actor then; the resync tick and a topology change send anyway).
    /// </summary>
    private bool HoldsFlush(IContext context)
    {
        if (_sentCopies.Count == 0 || !_outbox.HasPending)
        {
            _holdSince = 0;
            return false;
        }

        if (_holdSince == 0)
        {
            _holdSince = Stopwatch.GetTimestamp();
        }

        var left = MaxHold - Stopwatch.GetElapsedTime(_holdSince);
        if (left > TimeSpan.Zero)
        {
            ArmHoldTimer(context, left);
            return true;
        }

        return false;
    }

    /// <summary>
    /// One timer per registry, rearmed (not allocated) per hold; it only sends <see cref="HoldExpired"/>. One armed
    /// for an earlier hold fires sooner than <paramref name="dueIn"/>, and the check then arms it for what is left.
    /// </summary>
    private void ArmHoldTimer(IContext context, TimeSpan dueIn)
    {
        if (_holdTimerArmed)
        {
            return;
        }

        _holdTimerArmed = true;
        if (_holdTimer is null)
        {
            var self = context.Self;
            var system = context.System;
            using (ExecutionContext.SuppressFlow()) // the turn's context (its trace span) must not live as long as the timer
            {
                _holdTimer = new Timer(_ => system.Root.Send(self, HoldExpired.Instance));
            }
        }

        _holdTimer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }

    private PID SpecStore(IContext context) => _specStore ??= new PID(context.System.Address, _settings.SpecStoreName);

    /// <summary>
    /// A publication waiting for a peer's acknowledgement of its spec; <paramref name="Asker"/>: the address of the other
    /// member its registration came from; <paramref name="SentTo"/>: the peers its delta went to. A struct: one per new name.
    /// </summary>
    private readonly record struct AwaitedCopy(long Sequence, Answer<Published> ReplyTo, Published Reply, long PublishedAt, string? Asker, Member[]? SentTo = null);

    private sealed record HoldExpired
    {
        public static readonly HoldExpired Instance = new();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Failover + 2, Level = LogLevel.Warning,
            Message = "Sworm {Sworm}: the spec copy carried with change {Sequence} was not acknowledged ({Reason}); the name is published, its copies are sent again when the topology changes")]
        public static partial void SpecNotAcknowledged(ILogger logger, string sworm, long sequence, string reason);
    }
}
