using Proto;

namespace Sworm.Supervision.Placement;

/// <summary>
/// Names that live away from their owner. When a member joins, it becomes the owner of some names whose delegates (and
/// workers) stay where they are. Requests normally find them through the replica (<see cref="NameHosts.Target"/>), but
/// the replica does not show a name while its worker restarts, and not at all for a claim or a tombstone; a request that
/// reaches the owner then must not start a second delegate. So the host of a delegate that lives away from the name's
/// owner points the owner at it (<see cref="NameAway"/>) while the delegate lives, refreshed on every topology change,
/// and the owner passes such requests on: one place answers for a name, as Proto's directory hand-over did for
/// activations. Only names away from their owner cost an entry.
/// </summary>
internal sealed partial class NameHostActor
{
    // Names this member owns whose delegates live on another member: name → that member's address.
    private readonly Dictionary<string, string> _away = new(StringComparer.Ordinal);

    /// <summary>The topology changed: tell delegates whose owner moved, refresh the pointers at owners, drop stale pointers here.</summary>
    private void OnTopology(IContext context)
    {
        var members = hosts.Members();
        var self = context.Self.Address;
        // Posting can drop a delegate, so not while the table is being walked.
        var moved = new List<string>();
        foreach (var name in delegates.Names)
        {
            if (hosts.AddressOf(hosts.Owner(name, members)) is { } owner && owner != self)
            {
                moved.Add(name);
                context.Send(hosts.At(owner), new NameAway(name, self, Held: true));
            }
        }

        foreach (var name in moved)
        {
            delegates.Post(context, name, OwnerMoved.Instance, null);
        }

        foreach (var (name, address) in _away.ToArray())
        {
            if (!hosts.RunsSworm(address) || hosts.AddressOf(hosts.Owner(name, members)) != self)
            {
                _away.Remove(name);
            }
        }
    }

    private void OnAway(NameAway away)
    {
        if (away.Held)
        {
            _away[away.Name] = away.Address;
        }
        else if (_away.TryGetValue(away.Name, out var address) && address == away.Address)
        {
            _away.Remove(away.Name);
        }
    }

    /// <summary>Where a request for a name this member owns goes when its delegate lives on another member; null otherwise.</summary>
    private string? AwayAt(IContext context, NameRequest request) =>
        !request.IsArrival && request.Hops < NameHosts.MaxHops && _away.TryGetValue(request.Name, out var address) && address != context.Self.Address
            ? address
            : null;

    /// <summary>A delegate started here for a name another member owns (a successor, or a request passed on too often): the owner points here.</summary>
    private void PointOwnerHere(IContext context, string name, Proto.Cluster.Member[] members)
    {
        if (hosts.AddressOf(hosts.Owner(name, members)) is { } owner && owner != context.Self.Address)
        {
            context.Send(hosts.At(owner), new NameAway(name, context.Self.Address, Held: true));
        }
    }

    /// <summary>A delegate for a name another member owns was dropped: the owner's pointer goes.</summary>
    private void WithdrawPointer(IContext context, string name)
    {
        if (!_stopping && hosts.AddressOf(hosts.Owner(name, hosts.Members())) is { } owner && owner != context.Self.Address)
        {
            context.Send(hosts.At(owner), new NameAway(name, context.Self.Address, Held: false));
        }
    }
}
