namespace Sworm.Testing.Partitions;

/// <summary>
/// What one member process reports about itself: the members it sees (sorted addresses), its registry replica
/// (entry count and a hash of the sorted name=pid list, equal hashes = equal registries) and the PlacedWorkers
/// alive in its process. <see cref="Answered"/> is false when it did not answer (frozen, cut off from stdin, dead).
/// </summary>
public sealed record MemberView(string Address, bool Answered, int NodeCount, string Nodes, int Entries, string RegistryHash, int LiveWorkers, int ConstructedWorkers)
{
    public override string ToString() => Answered
        ? $"{Address}: sees {NodeCount} [{Nodes}], registry {Entries} entries #{RegistryHash}, {LiveWorkers} live workers ({ConstructedWorkers} constructed)"
        : $"{Address}: no answer";
}
