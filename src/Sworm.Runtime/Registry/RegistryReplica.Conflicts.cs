using System.Collections.Concurrent;

namespace Sworm.Registry;

/// <summary>
/// Name conflicts in the replica: a name published by two live members keeps both publications (the loser shadowed),
/// ordered by <see cref="ConflictRule"/> rather than by arrival, so every replica answers with the same process. The
/// names with more than one publication are remembered for the registry actor, which tells the loser's delegate.
/// </summary>
internal sealed partial class RegistryReplica
{
    private readonly ConcurrentDictionary<string, byte> _conflicts = new(StringComparer.Ordinal);

    /// <summary>Names that had two or more publications when last changed (some may be resolved by now).</summary>
    public IReadOnlyList<string> Conflicts => _conflicts.IsEmpty ? [] : _conflicts.Keys.ToArray();

    /// <summary>The name has at most one publication now: no longer a conflict.</summary>
    public void ConflictResolved(string name) => _conflicts.TryRemove(name, out _);

    private void Store(string name, NameEntry entry)
    {
        var arranged = ConflictRule.Arrange(name, entry);
        _names[name] = arranged;
        if (arranged.Shadowed is not null)
        {
            _conflicts.TryAdd(name, 0);
        }
    }
}
