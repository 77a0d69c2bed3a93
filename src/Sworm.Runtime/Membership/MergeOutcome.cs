namespace Sworm.Membership;

/// <summary>The merge decision of one member after a partition healed (see <see cref="MergeRule"/>).</summary>
/// <param name="MySideLoses">True: this member rejoins the other side under a new identity.</param>
/// <param name="Mine">Members of the membership before the split that are alive on this side, this one included.</param>
/// <param name="Theirs">Members of that membership found listening again on the other side.</param>
internal sealed record MergeOutcome(bool MySideLoses, IReadOnlyList<MemberInfo> Mine, IReadOnlyList<MemberInfo> Theirs);
