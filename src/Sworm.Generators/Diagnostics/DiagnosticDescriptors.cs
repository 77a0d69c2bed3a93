using Microsoft.CodeAnalysis;

namespace Sworm.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs are stable: never renumber or reuse one; add new ones at
/// the end and list them in AnalyzerReleases.Unshipped.md and docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Sworm";
    private const string HelpLinkBase = "https://github.com/sworm-dotnet/sworm/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor SwormNotPartial = Error(
        "SWORM001",
        "A [Sworm] class must be partial",
        "The [Sworm] class '{0}' must be declared partial so that the generator can add its facade: write 'partial class {0}'.");

    public static readonly DiagnosticDescriptor SwormStatic = Error(
        "SWORM002",
        "A [Sworm] class must not be static",
        "The [Sworm] class '{0}' must not be static: the facade is an instance resolved from DI. Remove the 'static' modifier.");

    public static readonly DiagnosticDescriptor SwormGeneric = Error(
        "SWORM003",
        "A [Sworm] class must not be generic",
        "The [Sworm] class '{0}' must not be generic or nested in a generic type: a sworm has one cluster-wide name. Declare one non-generic class per sworm.");

    public static readonly DiagnosticDescriptor SwormAbstract = Error(
        "SWORM004",
        "A [Sworm] class must not be abstract",
        "The [Sworm] class '{0}' must not be abstract: the runtime creates an instance of it. Remove the 'abstract' modifier.");

    public static readonly DiagnosticDescriptor SwormContainingTypeNotPartial = Error(
        "SWORM005",
        "A type containing a [Sworm] class must be partial",
        "The type '{0}' contains the [Sworm] class '{1}' and must be declared partial too, so that the generator can add to the nested class. Add 'partial' to '{0}' or move '{1}' out of it.");

    public static readonly DiagnosticDescriptor SwormDuplicateName = Error(
        "SWORM006",
        "Two [Sworm] classes have the same name",
        "The sworm name '{0}' of '{1}' is already used by '{2}' in this project; sworm names are cluster-wide. Give one of them another name with [Sworm(Name = \"...\")].");

    public static readonly DiagnosticDescriptor SwormBaseClassConflict = Error(
        "SWORM007",
        "The base class of a [Sworm] class conflicts with the generated code",
        "The [Sworm] class '{0}' derives from '{1}', which {2}. Derive from a class with an accessible parameterless constructor that is not a sworm, or from no class at all.");

    public static readonly DiagnosticDescriptor SwormMemberConflict = Error(
        "SWORM008",
        "A [Sworm] class declares a member the generator emits",
        "The [Sworm] class '{0}' already has a member '{1}', which the generator emits. Rename or remove that member.");

    public static readonly DiagnosticDescriptor SwormPrimaryConstructor = Error(
        "SWORM009",
        "A [Sworm] class must not have a primary constructor",
        "The [Sworm] class '{0}' must not have a primary constructor: the generator declares the constructor that the runtime calls. Remove the parameter list; resolve services elsewhere, the facade only talks to the cluster.");

    public static readonly DiagnosticDescriptor SwormInvalidHandoffTimeout = Error(
        "SWORM010",
        "HandoffTimeoutMs must be positive",
        "HandoffTimeoutMs of the [Sworm] class '{0}' is {1}; it must be a positive number of milliseconds. Remove it to use the default (5000) or set a value above 0.");

    public static readonly DiagnosticDescriptor SwormInvalidName = Error(
        "SWORM011",
        "Invalid sworm name",
        "The sworm name '{1}' of '{0}' is not valid: it must not be empty or white space and must not contain '/'. Remove Name to use the class name, or choose another name.");

    public static readonly DiagnosticDescriptor SwormInvalidRestart = Error(
        "SWORM012",
        "Invalid restart strategy",
        "Restart of the [Sworm] class '{0}' is {1}, which is not a RestartStrategy member. Use RestartStrategy.Permanent, RestartStrategy.Transient or RestartStrategy.Temporary.");

    public static readonly DiagnosticDescriptor WorkerNotPartial = Error(
        "SWORM013",
        "A [SwormWorker] type must be partial",
        "The [SwormWorker] type '{0}' must be declared partial so that the generator can add its Spec(...) methods: write 'partial class {0}'.");

    public static readonly DiagnosticDescriptor WorkerNotActor = Error(
        "SWORM014",
        "A [SwormWorker] type must be an actor",
        "The [SwormWorker] type '{0}' does not implement Proto.IActor. Implement IActor (directly or through a base class), or remove [SwormWorker].");

    public static readonly DiagnosticDescriptor WorkerAbstract = Error(
        "SWORM015",
        "A [SwormWorker] type must not be abstract",
        "The [SwormWorker] type '{0}' must not be abstract: members create instances of it. Put [SwormWorker] on the concrete derived classes instead.");

    public static readonly DiagnosticDescriptor WorkerStatic = Error(
        "SWORM016",
        "A [SwormWorker] type must not be static",
        "The [SwormWorker] type '{0}' must not be static: members create instances of it. Remove the 'static' modifier and implement Proto.IActor.");

    public static readonly DiagnosticDescriptor WorkerGeneric = Error(
        "SWORM017",
        "A [SwormWorker] type must not be generic",
        "The [SwormWorker] type '{0}' must not be generic or nested in a generic type: a spec names a closed type. Declare a non-generic worker, e.g. a derived class that closes the type arguments.");

    public static readonly DiagnosticDescriptor WorkerNoPublicConstructor = Error(
        "SWORM018",
        "A [SwormWorker] type needs a public constructor",
        "The [SwormWorker] type '{0}' has no public constructor, so no Spec(...) can be generated. Make at least one constructor public.");

    public static readonly DiagnosticDescriptor WorkerParameterNotSerializable = Error(
        "SWORM019",
        "A worker constructor parameter cannot be serialized",
        "Parameter '{0}' of '{1}' cannot be carried in a WorkerSpec: {2}. Mark it [FromServices] to resolve it from DI on the hosting member, or pass plain data instead.");

    public static readonly DiagnosticDescriptor WorkerAmbiguousConstructors = Error(
        "SWORM020",
        "Two worker constructors have the same serialized parameters",
        "The constructors of '{0}' with serialized parameters ({1}) would get the same Spec(...) signature. Remove one, or make their non-[FromServices] parameter types differ.");

    public static readonly DiagnosticDescriptor WorkerContainingTypeNotPartial = Error(
        "SWORM021",
        "A type containing a [SwormWorker] type must be partial",
        "The type '{0}' contains the [SwormWorker] type '{1}' and must be declared partial too, so that the generator can add to the nested type. Add 'partial' to '{0}' or move '{1}' out of it.");

    public static readonly DiagnosticDescriptor WorkerNotAccessible = Error(
        "SWORM022",
        "A [SwormWorker] type must be accessible in its assembly",
        "The [SwormWorker] type '{0}' is private, protected or file-local, so the generated factory table cannot create it. Make it (and the types containing it) internal or public.");

    public static readonly DiagnosticDescriptor WorkerMemberConflict = Error(
        "SWORM023",
        "A [SwormWorker] type declares a member named Spec",
        "The [SwormWorker] type '{0}' already has a member 'Spec', which the generator emits. Rename that member.");

    public static readonly DiagnosticDescriptor SwormInvalidRebalanceRate = Error(
        "SWORM024",
        "RebalanceMovesPerSecond must be positive",
        "RebalanceMovesPerSecond of the [Sworm] class '{0}' is {1}; it must be a positive number of moves per second. Remove it to use the default (500) or set a value above 0.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(
            id,
            title,
            message,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
