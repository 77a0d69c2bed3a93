namespace Sworm.Supervision.Placement;

/// <summary>
/// A request for the delegate of <paramref name="Name"/>, sent to a member's name host (<see cref="NameHostActor"/>),
/// which hands it to the name's delegate (spawning it if the name has none there) or passes it on to the member where
/// the name lives. Exactly one of <paramref name="Register"/>, <paramref name="Claim"/> and <paramref name="Unregister"/>
/// is set (a union, not an <c>object</c>, so it crosses the wire as plain JSON). <paramref name="Hops"/>: how many name
/// hosts passed it on already; bounded, so members with different views cannot pass it around forever.
/// </summary>
internal sealed record NameRequest(
    string Name, RegisterSupervised? Register = null, ClaimName? Claim = null, UnregisterRequest? Unregister = null, int Hops = 0)
{
    /// <summary>The delegate's message inside.</summary>
    public object Message => (object?)Register ?? (object?)Claim ?? Unregister ?? throw new InvalidOperationException("A NameRequest carries no message.");

    /// <summary>A successor of a moving name (handoff): it starts where its sender placed it, never passed on.</summary>
    public bool IsArrival => Register?.Handoff is not null;

    public static NameRequest For(string name, object message) => message switch
    {
        RegisterSupervised register => new NameRequest(name, Register: register),
        ClaimName claim => new NameRequest(name, Claim: claim),
        UnregisterRequest unregister => new NameRequest(name, Unregister: unregister),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a delegate request.", nameof(message)),
    };
}
