namespace Sworm.Generators.Model;

/// <summary>Everything the emitter needs to write one <c>[Sworm]</c> class.</summary>
/// <param name="Hierarchy">Where the partial class goes.</param>
/// <param name="Name">The cluster-wide name: the attribute's <c>Name</c> or the class name.</param>
/// <param name="RestartMember">The <c>RestartStrategy</c> member name, e.g. <c>Transient</c>.</param>
/// <param name="Handoff">The attribute's <c>Handoff</c>.</param>
/// <param name="HandoffTimeoutMs">The attribute's <c>HandoffTimeoutMs</c>.</param>
/// <param name="RebalanceOnJoin">The attribute's <c>RebalanceOnJoin</c>.</param>
/// <param name="RebalanceMovesPerSecond">The attribute's <c>RebalanceMovesPerSecond</c>.</param>
internal readonly record struct SwormModel(
    HierarchyInfo Hierarchy,
    string Name,
    string RestartMember,
    bool Handoff,
    int HandoffTimeoutMs,
    bool RebalanceOnJoin,
    int RebalanceMovesPerSecond);
