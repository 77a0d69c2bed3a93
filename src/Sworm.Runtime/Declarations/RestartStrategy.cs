namespace Sworm;

/// <summary>
/// When a supervised worker is started again, like <c>restart:</c> in an Elixir child spec.
/// Not called <c>Restart</c> because Proto.Actor already has a <c>Restart</c> message type.
/// </summary>
public enum RestartStrategy
{
    /// <summary>Always restarted: after a crash, after a normal stop, and on another member when its member dies.</summary>
    Permanent = 0,

    /// <summary>Restarted after a crash or when its member dies; a normal stop or <c>UnregisterName</c> removes the name. The default.</summary>
    Transient = 1,

    /// <summary>Never restarted: when it stops or its member dies, the name is gone.</summary>
    Temporary = 2,
}
