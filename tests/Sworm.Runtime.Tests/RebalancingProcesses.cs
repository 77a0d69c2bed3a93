namespace Sworm.Runtime.Tests;

/// <summary>A sworm that declares rebalancing on its attribute (the options tests read it back).</summary>
[Sworm(Handoff = true, RebalanceOnJoin = true, RebalanceMovesPerSecond = 50)]
public partial class RebalancingProcesses;
