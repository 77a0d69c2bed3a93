namespace Sworm.Generators.Model;

/// <summary>The sworms whose name was already taken by an earlier declaration in the compilation.</summary>
/// <param name="MetadataNames">The classes that must not be emitted.</param>
/// <param name="Diagnostics">One error per such class.</param>
internal readonly record struct DuplicateSworms(
    EquatableArray<string> MetadataNames,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool Contains(string metadataName)
    {
        foreach (var name in MetadataNames)
        {
            if (name == metadataName)
            {
                return true;
            }
        }

        return false;
    }
}
