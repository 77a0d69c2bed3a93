namespace Sworm.Registry;

/// <summary>
/// The rules for registered names and group names, checked before anything is sent: not empty or white space, at
/// most <see cref="MaxLength"/> characters, well-formed UTF-16. Any other text (control characters, NUL, zero-width
/// characters, either Unicode normalization form) is kept exactly as given: names are compared ordinally, never
/// normalized.
/// </summary>
internal static class SwormNames
{
    /// <summary>Names are identities in Proto's cluster and travel in every message: keep them reasonably short.</summary>
    public const int MaxLength = 1024;

    public static void Validate(string? name, string parameterName, string what = "name")
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"The {what} must not be empty or white space.", parameterName);
        }

        if (FirstLoneSurrogate(name) is { } index)
        {
            throw new ArgumentException(
                $"The {what} is not well-formed UTF-16: the character at index {index} (\\u{(int)name[index]:x4}) is a lone surrogate. " +
                "Names cross the wire as UTF-8, which cannot carry a lone surrogate, so the other members would see a different name. " +
                "Use well-formed text (e.g. from string APIs, not from cutting a string between the two halves of a surrogate pair).",
                parameterName);
        }

        if (name.Length > MaxLength)
        {
            throw new ArgumentException(
                $"The {what} is {name.Length} characters long; at most {MaxLength} are allowed. Use a shorter key (e.g. a hash or an id).",
                parameterName);
        }
    }

    /// <summary>The index of the first high surrogate not followed by a low one, or low surrogate not preceded by a high one.</summary>
    private static int? FirstLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }
}
