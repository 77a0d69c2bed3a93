// The messages of the per-member spec store: copies of supervised workers' specs, so that a crashed
// member's workers can be restarted elsewhere. Plain records: they cross the wire as JSON.
namespace Sworm.Supervision.Failover;

/// <summary>Keep a copy of <paramref name="Spec"/>: <paramref name="Name"/> runs on member <paramref name="Host"/>.</summary>
internal sealed record StoreSpec(string Name, WorkerSpec Spec, string Host);

/// <summary>The copy is kept.</summary>
internal sealed record SpecStored(string Name);

/// <summary>Forget the copy of <paramref name="Name"/> if it still says it runs on <paramref name="Host"/>.</summary>
internal sealed record DropSpec(string Name, string Host);

/// <summary>
/// A delegate on this member now hosts <paramref name="Name"/> (or no longer, when <paramref name="Spec"/> is null).
/// <paramref name="CopiedToEveryMember"/>: the delegate already copied the spec to every other member (it saw this member leaving).
/// </summary>
internal sealed record HostedSpec(string Name, WorkerSpec? Spec, bool CopiedToEveryMember = false);

/// <summary>
/// Local, from a delegate: this member stopped the worker of <paramref name="Name"/> below the static quorum. The store
/// restores it once the quorum is back, unless a live member runs the name by then (see SpecStoreActor.Suspended).
/// </summary>
internal sealed record SuspendedSpec(string Name, WorkerSpec Spec);

/// <summary>One spec in a <see cref="StoreSpecBatch"/>.</summary>
internal sealed record SpecEntry(string Name, WorkerSpec Spec);

/// <summary>Keep copies of all of <paramref name="Specs"/>, which run on member <paramref name="Host"/> (a leaving member's hand-over).</summary>
internal sealed record StoreSpecBatch(SpecEntry[] Specs, string Host);

/// <summary>Local, on graceful stop: copy every spec hosted here to every other member, and answer when they acknowledged.</summary>
internal sealed record HandOverSpecs;

/// <summary>The hand-over is done: <paramref name="Specs"/> specs reached <paramref name="Members"/> members (<paramref name="Failed"/> did not answer).</summary>
internal sealed record SpecsHandedOver(int Specs, int Members, int Failed);

/// <summary>Local, to the store's restore worker: restore this orphaned copy.</summary>
internal sealed record RestoreOrphan(SpecCopy Copy);

/// <summary>Local, to the store's restore worker: the copy of <paramref name="Name"/> from <paramref name="Host"/> went; skip it if still queued.</summary>
internal sealed record CancelRestore(string Name, string Host);

/// <summary>
/// Local, from the restore worker: the restore of <paramref name="Copy"/> finished. The copy itself (not an equal one)
/// comes back, so the store can tell it from a newer copy or suspension of the same name.
/// </summary>
internal sealed record RestoreDone(SpecCopy Copy, bool Succeeded)
{
    public string Name => Copy.Name;

    public string DeadHost => Copy.Host;
}

/// <summary>Local diagnostics query: answered with <see cref="SpecStoreStatus"/>.</summary>
internal sealed record SpecStoreStatusRequest
{
    public static readonly SpecStoreStatusRequest Instance = new();
}

/// <summary>How many copies of other members' specs this store keeps, how many specs run here, and how many restores are under way.</summary>
internal sealed record SpecStoreStatus(int Copies, int Hosted, int PendingRestores);
