namespace Sworm.Hosting;

/// <summary>A sworm added to this member with <c>AddSworm&lt;T&gt;()</c>.</summary>
internal sealed record SwormRegistration(SwormDeclaration Declaration);
