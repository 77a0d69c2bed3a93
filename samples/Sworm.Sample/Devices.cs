using Sworm;

namespace Sworm.Sample;

/// <summary>
/// The sample's sworm: one long-lived process per device, restarted when it crashes or its member dies, and handed
/// off with its state (the readings counter) when its member stops gracefully.
/// </summary>
[Sworm(Restart = RestartStrategy.Transient, Handoff = true)]
public partial class Devices;
