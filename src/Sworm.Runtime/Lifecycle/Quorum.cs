namespace Sworm.Lifecycle;

/// <summary>
/// The static quorum of a member (<c>WithStaticQuorum</c>, CP mode): below it, the member refuses new registrations
/// and stops its supervised workers, which run again once it is back at quorum (or on the side that has quorum, if
/// that side removed it). Read by the sworms' actors and the client, and by a health check (<see cref="IsBelow"/>).
/// Without a quorum (<see cref="Required"/> 0) it never refuses (AP mode, the default).
/// </summary>
internal sealed class Quorum
{
    private Func<int> _liveMembers = () => 0;

    /// <summary>Live members (this one included) needed to serve registrations; 0: no quorum.</summary>
    public int Required { get; set; }

    /// <summary>How many members are live now, this one included (set by the member for each incarnation).</summary>
    public Func<int> LiveMembers
    {
        get => _liveMembers;
        set => _liveMembers = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Whether this member sees fewer live members than the quorum (false without a quorum).</summary>
    public bool IsBelow => Required > 0 && LiveMembers() < Required;

    /// <summary>Throws when the member is below quorum.</summary>
    /// <exception cref="SwormUnavailableException">Fewer than <see cref="Required"/> members are live.</exception>
    public void Ensure(string sworm, string operation)
    {
        if (Required > 0 && LiveMembers() is var live && live < Required)
        {
            throw new SwormUnavailableException(
                $"{sworm}.{operation} was refused: this member sees {live} live member(s), fewer than the static quorum of {Required} " +
                "(WithStaticQuorum), so it may be on the minority side of a partition. Its names run on the side that has quorum; " +
                "retry once the cluster is whole again.");
        }
    }
}
