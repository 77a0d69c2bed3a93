namespace Sworm.Benchmarks.Load;

/// <summary>The keys of the measures one run of the in-process workloads produces (one row of the table each).</summary>
internal static class Metric
{
    public const string NewName = "new-name";
    public const string RegisterAlone = "register-alone";
    public const string Request = "request";
    public const string RemoteP50 = "remote-p50";
    public const string RemoteP999 = "remote-p999";
    public const string LocalP50 = "local-p50";
    public const string HeapPerName = "heap-per-name";
    public const string BytesPerRequest = "bytes-per-request";
    public const string ReplicationP50 = "replication-p50";
    public const string ReplicationP99 = "replication-p99";
    public const string FailoverAll = "failover-all";
    public const string FailoverDetection = "failover-detection";
    public const string HandoffOne = "handoff-one";
    public const string HandoffAll = "handoff-all";
    public const string ScaleRate = "scale-rate";
    public const string ScaleHeap = "scale-heap";
}
