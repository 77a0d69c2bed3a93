using System.Diagnostics;
using Proto.Cluster;

namespace Sworm.Membership.Consul;

/// <summary>
/// What this member believes the live set is, merged from three sources (not thread-safe; the provider locks):
/// <list type="number">
/// <item>Consul's passing instances of the service (the last health query).</item>
/// <item>Sworm's own detector: a member whose port refused a connection is <em>suppressed</em>. Re-add rule: a
/// suppressed member stays out, even while Consul still lists it as passing (its TTL has not run out yet), until
/// Consul shows a fresh passing check for it: a check <c>ModifyIndex</c> above the index recorded when it was
/// suppressed. (Proto blocks a removed member id for good anyway, so in practice the process comes back with a
/// new id and a new registration.)</item>
/// <item>A grace period after the agent failed or restarted: during it, members missing from Consul are kept (the
/// agent may have lost its catalog and the members are re-registering), so nobody is dropped for that alone.
/// Only the detector removes members during the grace period.</item>
/// </list>
/// </summary>
internal sealed class ConsulMemberView(Member self, TimeSpan grace)
{
    private readonly Dictionary<string, Member> _published = new(StringComparer.Ordinal) { [self.Id] = self };
    private readonly Dictionary<string, long> _suppressed = new(StringComparer.Ordinal);
    private IReadOnlyList<ConsulInstance> _listed = [];
    private long _lastIndex;
    private long _graceUntil;

    // Proto's StartMemberAsync waits until a topology with this member in it is published, so the first
    // computation publishes even when it is just this member.
    private bool _publishedOnce;

    /// <summary>The members last published (self included).</summary>
    public IReadOnlyCollection<Member> Published => _published.Values;

    /// <summary>Ids removed by the detector and not yet seen with a fresh passing check.</summary>
    public IReadOnlyCollection<string> Suppressed => _suppressed.Keys;

    public bool InGrace => Stopwatch.GetTimestamp() < _graceUntil;

    /// <summary>The agent failed or restarted: keep members missing from Consul for a while.</summary>
    public void StartGrace() => _graceUntil = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);

    /// <summary>The agent's index went backwards (restart): indexes from before mean nothing now.</summary>
    public void IndexReset()
    {
        _lastIndex = 0;
        // A dead process cannot register again, so anything passing after the reset is fresh.
        foreach (var id in _suppressed.Keys.ToArray()) _suppressed[id] = -1;
        StartGrace();
    }

    public void Listed(ConsulHealthResult result)
    {
        _listed = result.Instances;
        _lastIndex = Math.Max(_lastIndex, result.Index);
    }

    /// <summary>The detector found the member's port closed; false when it was not in the view.</summary>
    public bool Suppress(string id)
    {
        if (id == self.Id) return false;
        var listed = _listed.FirstOrDefault(i => i.Member.Id == id);
        _suppressed[id] = Math.Max(_lastIndex, listed?.CheckIndex ?? 0);
        return _published.ContainsKey(id);
    }

    /// <summary>Computes the live set; returns it when it differs from the last published one, else null.</summary>
    public IReadOnlyCollection<Member>? Next(Func<string, bool> isBlocked)
    {
        var next = new Dictionary<string, Member>(StringComparer.Ordinal) { [self.Id] = self };
        foreach (var instance in _listed)
        {
            var id = instance.Member.Id;
            if (id == self.Id || isBlocked(id)) continue;
            if (_suppressed.TryGetValue(id, out var at))
            {
                if (instance.CheckIndex <= at) continue;
                _suppressed.Remove(id); // a fresh passing check: the rule lets it back in
            }
            next[id] = instance.Member;
        }
        if (InGrace)
        {
            foreach (var (id, member) in _published)
                if (!next.ContainsKey(id) && !_suppressed.ContainsKey(id) && !isBlocked(id)) next[id] = member;
        }
        if (_publishedOnce && next.Count == _published.Count && next.Keys.All(_published.ContainsKey)) return null;
        _publishedOnce = true;
        _published.Clear();
        foreach (var (id, member) in next) _published[id] = member;
        return next.Values.ToList();
    }
}
