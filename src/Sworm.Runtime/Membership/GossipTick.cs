namespace Sworm.Membership;

/// <summary>Local timer message: detect failures, publish the topology, send our view to every member.</summary>
internal sealed record GossipTick
{
    public static readonly GossipTick Instance = new();
}
