namespace Sworm.Registry;

/// <summary>The rules for registered names and group names, checked before anything is sent.</summary>
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

        if (name.Length > MaxLength)
        {
            throw new ArgumentException(
                $"The {what} is {name.Length} characters long; at most {MaxLength} are allowed. Use a shorter key (e.g. a hash or an id).",
                parameterName);
        }
    }
}
