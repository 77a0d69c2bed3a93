using System.ComponentModel;

namespace Sworm.Handoff;

/// <summary>What the runtime tells a worker when it asks for its state before a move. Created by the runtime only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HandoffRequest
{
    internal HandoffRequest(string name) => Name = name;

    /// <summary>The registered name of the worker being moved.</summary>
    public string Name { get; }
}
