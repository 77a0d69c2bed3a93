namespace Sworm;

/// <summary>
/// The call cannot be served now: no member hosts the sworm, the member is not started or has stopped,
/// or the cluster could not be reached in time.
/// </summary>
public sealed class SwormUnavailableException : SwormException
{
    /// <summary>Creates the exception.</summary>
    public SwormUnavailableException(string message, Exception? innerException = null) : base(message, innerException) { }
}
