using Proto;

namespace Sworm.Testing.Fixtures;

/// <summary>The handoff scenarios' sworm: workers hand their state to a successor when their member leaves gracefully.</summary>
[Sworm(Handoff = true, HandoffTimeoutMs = 1000)]
public partial class HandoffProcesses;

/// <summary>The same with handoff off in the attribute (scenario 7: off by default, on from configuration alone).</summary>
[Sworm(HandoffTimeoutMs = 1000)]
public partial class PlainProcesses;

/// <summary>Temporary workers with handoff, the seed's own example (<c>restart: :temporary, handoff: true</c>).</summary>
[Sworm(Restart = RestartStrategy.Temporary, Handoff = true, HandoffTimeoutMs = 1000)]
public partial class TemporaryHandoffProcesses;

/// <summary>Adds one to the counter (a Send).</summary>
public sealed record Increment;

/// <summary>Appends a number to the counter's list (a Send: scenario 3).</summary>
public sealed record Numbered(int N);

/// <summary>Appends a number like <see cref="Numbered"/> and answers the counter's value (a Request: scenario 3).</summary>
public sealed record NumberedRequest(int N);

/// <summary>Asks the counter for its value, where it runs and every number it received, in order.</summary>
public sealed record GetCount;

/// <summary>A counter's answer: its value, the address it runs on, the numbers it received and whether it was handed a state.</summary>
public sealed record CountIs(int Value, string Address, int[] Numbers, bool Restored);

/// <summary>What a counter hands off.</summary>
public sealed record CounterState(int Value, int[] Numbers);

/// <summary>A state System.Text.Json refuses to write (a <see cref="System.Type"/>): the "unserializable" handoff mode.</summary>
public sealed record UnwritableState(Type Type);
