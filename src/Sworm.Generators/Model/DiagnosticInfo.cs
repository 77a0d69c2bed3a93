using System.Linq;
using Microsoft.CodeAnalysis;

namespace Sworm.Generators.Model;

/// <summary>
/// A diagnostic to report, kept equatable so that pipeline steps producing diagnostics can be cached.
/// Descriptors are static singletons, so reference equality is what we want for them.
/// </summary>
internal readonly record struct DiagnosticInfo(
    DiagnosticDescriptor Descriptor,
    LocationInfo? Location,
    EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs) =>
        new(descriptor, location, new EquatableArray<string>(messageArgs));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArgs.Cast<object?>().ToArray());
}
