namespace Sworm.Testing.Partitions;

/// <summary>
/// One member's network namespace in a <see cref="NetworkLab"/>: its name (for <c>ip netns exec</c>), its address on
/// the lab's private subnet (10.77.0.0/24, which exists only inside the lab's namespaces) and the bridge port that
/// connects it, which <see cref="NetworkLab.Cut"/> takes down.
/// </summary>
public sealed record LabHost(int Index, string Namespace, string Address, string Mac, string BridgePort)
{
    public override string ToString() => $"{Namespace} ({Address})";
}
