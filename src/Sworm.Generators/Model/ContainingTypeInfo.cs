namespace Sworm.Generators.Model;

/// <summary>One type that a declaration is nested in, re-emitted as a bare <c>partial</c> header.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's name (containing types are never generic: the parser rejects that).</param>
internal readonly record struct ContainingTypeInfo(string Keyword, string Name);
