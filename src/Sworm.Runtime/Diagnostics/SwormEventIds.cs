namespace Sworm.Diagnostics;

/// <summary>
/// The event id ranges of Sworm's log messages, one block per capability, so an operator can filter by number
/// and ids never collide. Each <c>*.Log.cs</c> partial numbers its messages inside its block; ids are never reused.
/// </summary>
internal static class SwormEventIds
{
    public const int Hosting = 1000;
    public const int Membership = 2000;
    public const int Registry = 3000;
    public const int Supervision = 4000;
    public const int Failover = 5000;
    public const int Handoff = 6000;
    public const int Consul = 7000;
    public const int Diagnostics = 8000;
}
