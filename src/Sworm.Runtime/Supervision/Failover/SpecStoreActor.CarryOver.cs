using Proto;

namespace Sworm.Supervision.Failover;

/// <summary>
/// Specs carried across a rejoin. An incarnation that the cluster removed (a frozen member, the losing side of a
/// partition) dies with its spec store; if every member of a side rejoins at once, nothing else would remember the
/// names only that side knew. So the old store exports everything it knows and the new one adopts it as orphaned
/// copies (see <see cref="CarriedSpecs"/>).
/// </summary>
internal sealed partial class SpecStoreActor
{
    private void Export(IContext context)
    {
        var self = topology.SelfId;
        // This member's own specs first: a copy of the same name from a live host can be stale (a rebalance moved it here).
        var own = OwnSpecs().Select(kv => new SpecCopy(kv.Key, kv.Value, self)).ToArray();
        var ownNames = own.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var copies = own.Concat(_copies.Values.Where(c => !ownNames.Contains(c.Name))).ToArray();
        context.Respond(new CarriedSpecs(copies));
    }

    private void Adopt(IContext context, CarriedSpecs carried)
    {
        foreach (var copy in carried.Copies)
        {
            // A copy received since the rejoin is newer news: keep it.
            if (!_copies.ContainsKey(copy.Name) && !_hosted.ContainsKey(copy.Name))
            {
                _copies[copy.Name] = copy;
            }
        }

        _mayHaveOrphans = true;
        RestoreOrphans(context);
    }
}
