using Microsoft.Extensions.Logging;

namespace Sworm.Membership;

/// <summary>What a membership provider gets from its member, besides its own settings.</summary>
/// <param name="Detection">Gossip, probing and heartbeat expiry.</param>
/// <param name="JoinTimeout">How long joining may take before the member fails to start.</param>
/// <param name="LoggerFactory">The member's own logger factory (never Proto's process-wide one).</param>
/// <param name="RemovedFromCluster">
/// Called (once per incarnation, with the reason and the addresses to rejoin through, e.g. the winners of a healed
/// partition; may be empty) when the cluster removed this member for good: Proto blocks a removed
/// id, so the member must come back as a new incarnation. Null: the provider shuts the member down instead.
/// </param>
/// <param name="BeforeJoin">
/// Called once the member's remote listens and before anyone can learn of the member (before the join, or the
/// registration with Consul): the sworms spawn their well-known actors here. Proto adds a process to its registry
/// before its mailbox takes messages; a peer's message arriving in that window throws in Proto's gRPC reader, which
/// drops the rest of that connection's batch (seen: a joiner's registry sync and activation requests lost).
/// </param>
/// <param name="RejoinThrough">
/// Addresses of the members a rejoining incarnation knew last; tried before the configured seeds (which may be on the
/// far side of a partition, or dead), and never founding a new cluster.
/// </param>
internal sealed record MembershipContext(
    FailureDetectionOptions Detection,
    TimeSpan JoinTimeout,
    ILoggerFactory LoggerFactory,
    Action<string, IReadOnlyList<string>>? RemovedFromCluster = null,
    IReadOnlyList<string>? RejoinThrough = null,
    Action? BeforeJoin = null);
