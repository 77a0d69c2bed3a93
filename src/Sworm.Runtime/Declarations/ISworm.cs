using System.ComponentModel;

namespace Sworm;

/// <summary>
/// Implemented by the source generator on every <c>[Sworm]</c> class. It is how
/// <c>AddSworm&lt;T&gt;()</c> reads the compile-time options and creates the facade without reflection.
/// Do not implement it by hand.
/// </summary>
/// <typeparam name="TSelf">The sworm class itself.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISworm<TSelf> where TSelf : class, ISworm<TSelf>
{
    /// <summary>The compile-time declaration: name, options and handoff message factories.</summary>
    static abstract SwormDeclaration Declaration { get; }

    /// <summary>Creates the facade over the runtime of this sworm on one member.</summary>
    static abstract TSelf Create(SwormClient client);
}
