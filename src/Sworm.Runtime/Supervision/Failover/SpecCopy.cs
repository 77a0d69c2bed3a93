namespace Sworm.Supervision.Failover;

/// <summary>A copy of the spec of <paramref name="Name"/>, whose worker runs on member <paramref name="Host"/> (an id).</summary>
internal sealed record SpecCopy(string Name, WorkerSpec Spec, string Host);
