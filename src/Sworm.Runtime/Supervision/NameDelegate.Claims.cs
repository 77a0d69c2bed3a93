using Proto;

namespace Sworm.Supervision;

/// <summary>Names held by claim (<c>RegisterName(name, pid)</c>), and the adoption rule for claims whose delegate was lost.</summary>
internal sealed partial class NameDelegate
{
    private async Task OnClaim(IContext context, ClaimName claim)
    {
        await SettleStoppedWorker(context).InTurn(context);
        if (await HeldByAdopting(context).InTurn(context) is { } holder)
        {
            Reply(context, new DelegateReply(DelegateOutcome.Taken, holder, null, 0, null));
            return;
        }

        var tracked = await Registry.Track(context, _name, claim.Pid, context.Self).InTurn(context);
        if (!tracked.Accepted)
        {
            Reply(context, new DelegateReply(DelegateOutcome.Taken, null, null, 0, "the process is not alive"));
            return;
        }

        _claimant = claim.Pid;
        _claimantMember = tracked.Source;
        _claimGeneration = tracked.Generation;
        Reply(context, new DelegateReply(DelegateOutcome.Claimed, claim.Pid, tracked.Source, tracked.Sequence, null));
    }

    /// <summary>
    /// Like <see cref="HeldBy"/>, but a new delegate first looks for a claim that outlived the previous delegate
    /// (lost with its member): the replica names the process, and that process's member, which tracks the claim,
    /// confirms it. The name then stays with its process instead of going to whoever asks next.
    /// </summary>
    private async Task<PID?> HeldByAdopting(IContext context)
    {
        var holder = HeldBy();
        if (holder is not null || _spec is not null)
        {
            return holder;
        }

        // The claim's entry was published by the process's member; only that incarnation can confirm it.
        if (Registry.Replica.EntryOf(_name) is { IsClaim: true } claim && Topology.IsLiveMember(claim.Source))
        {
            try
            {
                var adopted = await Registry.Track(context, _name, claim.Pid, context.Self, existingOnly: true).InTurn(context);
                if (adopted.Accepted && adopted.Source == claim.Source)
                {
                    _claimant = claim.Pid;
                    _claimantMember = claim.Source;
                    _claimGeneration = adopted.Generation;
                }
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                // Its member did not confirm in time: treat the name as free, as a lost claim would be.
            }
        }

        return _claimant;
    }

    /// <summary>
    /// Who holds the name now; a claim by a process whose member (incarnation, not address) has left counts as free,
    /// so a member restarted at the same address does not keep its predecessor's names.
    /// </summary>
    private PID? HeldBy()
    {
        if (_worker is not null)
        {
            return _worker;
        }

        if (_claimant is not null && (_claimantMember is null || !Topology.IsLiveMember(_claimantMember)))
        {
            _claimant = null;
            _claimantMember = null;
        }

        return _claimant;
    }
}
