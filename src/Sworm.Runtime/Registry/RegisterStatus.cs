namespace Sworm;

/// <summary>How <c>RegisterName(name, spec)</c> ended.</summary>
public enum RegisterStatus
{
    /// <summary>This call started the worker under the name.</summary>
    Started = 0,

    /// <summary>The name was already held; <see cref="RegisterResult.Pid"/> is the process that holds it.</summary>
    AlreadyStarted = 1,
}
