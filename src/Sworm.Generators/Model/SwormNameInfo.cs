namespace Sworm.Generators.Model;

/// <summary>The little the duplicate-name check needs from each valid sworm.</summary>
/// <param name="Name">The cluster-wide sworm name.</param>
/// <param name="MetadataName">The class, e.g. <c>MyApp.MyProcesses</c>.</param>
/// <param name="Location">The class name's location.</param>
internal readonly record struct SwormNameInfo(string Name, string MetadataName, LocationInfo? Location);
