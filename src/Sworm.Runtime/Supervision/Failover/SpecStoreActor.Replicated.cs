using Proto;
using Sworm.Registry;

namespace Sworm.Supervision.Failover;

/// <summary>Copies that ride with the registry's deltas (see <c>Registry/RegistryActor.SpecCopies.cs</c>), and drops.</summary>
internal sealed partial class SpecStoreActor
{
    /// <summary>
    /// Copies (and drops) that came with a registry delta of their host: kept, then acknowledged to the host's registry.
    /// This member's own registry sends its deltas' specs here too (before the delta leaves): they are the specs hosted here.
    /// </summary>
    private void OnReplicated(IContext context, ReplicatedSpecs carried)
    {
        if (carried.Host == topology.SelfId)
        {
            foreach (var spec in carried.Specs)
            {
                // Drops are not here: the delegate that forgets a name tells this store itself (HostedSpec, null).
                if (spec.Spec is { } hosted)
                {
                    OnHosted(context, spec.Name, hosted);
                }
            }

            return;
        }

        var host = _hosts.Share(carried.Host);
        var kept = false;
        foreach (var spec in carried.Specs)
        {
            if (spec.Spec is { } copy)
            {
                Keep(context, new SpecCopy(spec.Name, copy, host));
                kept = true;
            }
            else
            {
                Drop(context, spec.Name, host);
            }
        }

        if (kept && carried.AckTo is { } ackTo)
        {
            context.Send(ackTo, new SpecsAcknowledged(carried.Sequence, topology.SelfId));
        }
    }

    /// <summary>
    /// The name is gone for good. A copy from a member that has left (awaiting or under restore) goes too, or a restore
    /// would bring the unregistered name back.
    /// </summary>
    private void Drop(IContext context, string name, string host)
    {
        if (_copies.TryGetValue(name, out var copy) && (copy.Host == host || !_live.Contains(copy.Host)))
        {
            Discard(context, copy);
        }

        Unsuspend(context, name);
    }
}
