namespace Sworm.Testing.Fixtures;

/// <summary>
/// The rebalancing scenario's sworm (issue 12, scenario 6): handoff, and <c>RebalanceOnJoin</c> from the attribute, so a
/// member that joins takes over the workers it now owns, with their state.
/// </summary>
[Sworm(Handoff = true, HandoffTimeoutMs = 1000, RebalanceOnJoin = true)]
public partial class RebalanceProcesses;
