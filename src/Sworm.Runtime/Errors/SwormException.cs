namespace Sworm;

/// <summary>The base of every exception Sworm throws on purpose.</summary>
public class SwormException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SwormException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public SwormException(string message, Exception? innerException) : base(message, innerException) { }
}
