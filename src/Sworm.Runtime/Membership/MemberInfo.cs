namespace Sworm.Membership;

/// <summary>
/// A member as carried in membership messages. Our own record rather than Proto's protobuf <c>Member</c>,
/// because these messages travel through Proto's JSON serializer, which refuses protobuf types.
/// </summary>
/// <param name="Id">Proto's <c>ActorSystem.Id</c>: new for every process start, so a restart is a new member.</param>
/// <param name="Host">Host of the member's Proto remote, as Proto advertises it.</param>
/// <param name="Port">Port of the member's Proto remote.</param>
/// <param name="Kinds">Cluster kinds the member hosts; fixed when it starts.</param>
/// <param name="StartedAtUnixMs">
/// When this incarnation started, by its own clock. Used only to pick the younger of two members that claim
/// the same address; both then run on one host, so their clocks agree.
/// </param>
internal sealed record MemberInfo(string Id, string Host, int Port, string[] Kinds, long StartedAtUnixMs)
{
    public string Address => Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when this member is a later incarnation than <paramref name="other"/> (Proto's tie-break: larger id).</summary>
    public bool IsYoungerThan(MemberInfo other) =>
        StartedAtUnixMs != other.StartedAtUnixMs
            ? StartedAtUnixMs > other.StartedAtUnixMs
            : string.CompareOrdinal(Id, other.Id) > 0;

    public Proto.Cluster.Member ToProto()
    {
        var member = new Proto.Cluster.Member { Id = Id, Host = Host, Port = Port };
        member.Kinds.AddRange(Kinds);
        return member;
    }

    public static MemberInfo FromProto(Proto.Cluster.Member member, long startedAtUnixMs) =>
        new(member.Id, member.Host, member.Port, member.Kinds.ToArray(), startedAtUnixMs);
}
