namespace Sworm.Membership;

/// <summary>What a TCP connect to a member's remoting port tells us.</summary>
internal enum ProbeOutcome
{
    /// <summary>Something accepts connections: the process (or a successor on the same port) is there.</summary>
    Listening,

    /// <summary>The host answered that nothing listens: the process is gone. Strong evidence of death.</summary>
    Refused,

    /// <summary>No answer in time, or the host is unreachable: a partition looks the same as a crash, so no verdict.</summary>
    NoAnswer,
}
