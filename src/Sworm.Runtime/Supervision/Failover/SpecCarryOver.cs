namespace Sworm.Supervision.Failover;

/// <summary>
/// Local, to the spec store of an incarnation that is about to be replaced (a rejoin): answer with
/// <see cref="CarriedSpecs"/>, every spec this member knows (hosted here, or copies).
/// </summary>
internal sealed record ExportSpecs
{
    public static readonly ExportSpecs Instance = new();
}

/// <summary>
/// Every spec an old incarnation knew, as copies whose host is the member that ran them then (the old incarnation's id
/// for its own workers). Given to the new incarnation's store (<see cref="SpecStoreActor"/>), they are orphans there
/// (their hosts are not in the new topology) and go through the usual restore: names that run elsewhere are skipped,
/// names that ran only on the old incarnation (e.g. registered on the losing side of a partition) start again.
/// </summary>
internal sealed record CarriedSpecs(SpecCopy[] Copies);
