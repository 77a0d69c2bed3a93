namespace Sworm;

/// <summary>A Sworm call did not finish within its timeout. Nothing waits forever: every call has a bounded default timeout.</summary>
public sealed class SwormTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public SwormTimeoutException(string message, Exception? innerException = null) : base(message, innerException) { }
}
