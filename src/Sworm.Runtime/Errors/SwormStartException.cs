namespace Sworm;

/// <summary>
/// The worker failed to start: its constructor or its <c>Started</c> handler threw, or its spec could not be
/// turned into a worker on the hosting member. Nothing stays registered under the name.
/// </summary>
public sealed class SwormStartException : SwormException
{
    /// <summary>Creates the exception.</summary>
    public SwormStartException(string name, string reason, Exception? innerException = null)
        : base($"The worker for '{name}' failed to start: {reason}", innerException)
    {
        Name = name;
        Reason = reason;
    }

    /// <summary>The name the worker was to be registered under.</summary>
    public string Name { get; }

    /// <summary>Why it failed, as reported by the hosting member (exception type and message).</summary>
    public string Reason { get; }
}
