namespace Sworm.Supervision.Placement;

/// <summary>
/// Host to host: the delegate of <paramref name="Name"/> lives on the member at <paramref name="Address"/>
/// (<paramref name="Held"/>), or no longer does; sent to the name's owner (see <c>NameHostActor.Away.cs</c>).
/// </summary>
internal sealed record NameAway(string Name, string Address, bool Held);
