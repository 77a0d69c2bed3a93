using Sworm;

namespace Sworm.Sample;

/// <summary>The sample's sworm: one long-lived process per device, restarted when it crashes.</summary>
[Sworm(Restart = RestartStrategy.Transient)]
public partial class Devices;
