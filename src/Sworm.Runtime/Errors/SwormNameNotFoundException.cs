namespace Sworm;

/// <summary>No process is registered under the name (Elixir's <c>:undefined</c> for a call by name).</summary>
public sealed class SwormNameNotFoundException : SwormException
{
    /// <summary>Creates the exception.</summary>
    public SwormNameNotFoundException(string sworm, string name)
        : base($"No process is registered under '{name}' in sworm '{sworm}'. Register it first (RegisterName), or check WhereIsName.")
    {
        Sworm = sworm;
        Name = name;
    }

    /// <summary>The sworm that was asked.</summary>
    public string Sworm { get; }

    /// <summary>The name that was not found.</summary>
    public string Name { get; }
}
