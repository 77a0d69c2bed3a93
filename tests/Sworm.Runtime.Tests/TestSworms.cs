namespace Sworm.Runtime.Tests;

/// <summary>The sworms the single-member tests run, one per restart strategy.</summary>
[Sworm]
public partial class TestProcesses;

[Sworm(Restart = RestartStrategy.Temporary)]
public partial class TemporaryProcesses;

[Sworm(Restart = RestartStrategy.Permanent)]
public partial class PermanentProcesses;
