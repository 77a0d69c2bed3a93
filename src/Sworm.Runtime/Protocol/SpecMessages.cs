// The messages of the per-member spec store: copies of supervised workers' specs, so that a crashed
// member's workers can be restarted elsewhere. Plain records: they cross the wire as JSON.
namespace Sworm.Protocol;

/// <summary>Keep a copy of <paramref name="Spec"/>: <paramref name="Name"/> runs on member <paramref name="Host"/>.</summary>
internal sealed record StoreSpec(string Name, WorkerSpec Spec, string Host);

/// <summary>The copy is kept.</summary>
internal sealed record SpecStored(string Name);

/// <summary>Forget the copy of <paramref name="Name"/> if it still says it runs on <paramref name="Host"/>.</summary>
internal sealed record DropSpec(string Name, string Host);

/// <summary>A delegate on this member now hosts <paramref name="Name"/> (or no longer, when <paramref name="Spec"/> is null).</summary>
internal sealed record HostedSpec(string Name, WorkerSpec? Spec);
