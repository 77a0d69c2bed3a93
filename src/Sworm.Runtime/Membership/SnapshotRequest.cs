namespace Sworm.Membership;

/// <summary>Local request for the actor's current <see cref="MembershipView"/> (used to build join requests).</summary>
internal sealed record SnapshotRequest
{
    public static readonly SnapshotRequest Instance = new();
}
