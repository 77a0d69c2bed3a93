namespace Sworm.Generators.Emitting;

/// <summary>Names of the private members the sworm emitter declares; the parser checks user code against them.</summary>
internal static class SwormEmitterNames
{
    public const string ClientField = "_swormClient";
    public const string DeclarationField = "s_swormDeclaration";
}
