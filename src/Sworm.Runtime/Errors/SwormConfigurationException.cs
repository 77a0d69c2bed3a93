namespace Sworm;

/// <summary>Sworm's configuration is invalid; the message names the setting and the allowed values.</summary>
public sealed class SwormConfigurationException : SwormException
{
    /// <summary>Creates the exception.</summary>
    public SwormConfigurationException(string message) : base(message) { }
}
