using System.Diagnostics.CodeAnalysis;

namespace Sworm;

/// <summary>
/// One sworm as a member sees it: its <paramref name="Name"/>, the <paramref name="Members"/> (addresses) that run it,
/// how many registered names run on each member (<paramref name="NamesPerMember"/>, by address) and how many in all.
/// </summary>
[Experimental(SwormInstrumentNames.ExperimentalDiagnostic)]
public sealed record SwormSummary(
    string Name,
    IReadOnlyList<string> Members,
    IReadOnlyDictionary<string, int> NamesPerMember,
    int Names);
