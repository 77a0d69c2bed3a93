namespace Sworm.Membership;

/// <summary>PLACEHOLDER until the seed-node provider lands.</summary>
internal sealed record SeedNodeOptions(string[] SeedNodes, TimeSpan GossipInterval, TimeSpan SuspectAfter, TimeSpan HeartbeatExpiration, TimeSpan JoinTimeout);
