namespace Sworm.Membership;

/// <summary>
/// The hook for quorum (a later issue adds <c>WithStaticQuorum(n)</c>, which sets one on the cluster options): given
/// the members this member sees, the reason it is below quorum, or null when it has quorum. The health check reports
/// Unhealthy with that reason; the rule lives here, below the registry, so the layers that must refuse writes in a
/// minority can ask it too.
/// </summary>
internal interface IQuorumRule
{
    /// <summary>Null when <paramref name="liveMembers"/> (this member included) is a quorum, else why not.</summary>
    string? BelowQuorum(int liveMembers);
}
