namespace Sworm.Dashboard;

/// <summary>One sworm: the members that run it, names per member (every running member listed, 0 included), and all names.</summary>
internal sealed record DashboardSworm(string Name, IReadOnlyList<string> Members, IReadOnlyDictionary<string, int> NamesPerMember, int Names);
