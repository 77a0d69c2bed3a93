namespace Sworm.Configuration;

/// <summary>
/// One sworm's resolved settings on one member, and the names derived from them: what the actors and the client
/// need to know about "their" sworm, without the member object.
/// </summary>
internal sealed class SwormSettings(string name, SwormOptions options, TimeSpan requestTimeout)
{
    /// <summary>The sworm's cluster-wide name.</summary>
    public string Name { get; } = name;

    /// <summary>The sworm's validated options (attribute → configuration → code).</summary>
    public SwormOptions Options { get; } = options;

    /// <summary>The bounded timeout of every call and of every request between members.</summary>
    public TimeSpan RequestTimeout { get; } = requestTimeout;

    /// <summary>A token cancelled one <see cref="RequestTimeout"/> from now (shared with other calls: <see cref="SharedDeadlines"/>).</summary>
    public CancellationToken RequestDeadline() => SharedDeadlines.After(RequestTimeout);

    /// <summary>The Proto cluster kind that marks the members running this sworm (members advertise it; nothing is activated through it).</summary>
    public string Kind { get; } = "sworm." + name;

    /// <summary>The well-known actor name of this sworm's registry actor on every member.</summary>
    public string RegistryName { get; } = "$sworm/" + name;

    /// <summary>The well-known actor name of this sworm's name host (the keeper of its delegates, the supervisor of its workers) on every member.</summary>
    public string NameHostName { get; } = "$sworm/" + name + "/names";

    /// <summary>The well-known actor name of this sworm's spec store on every member.</summary>
    public string SpecStoreName { get; } = "$sworm/" + name + "/specs";

    /// <summary>The well-known actor name of this sworm's handoff store on every member.</summary>
    public string HandoffStoreName { get; } = "$sworm/" + name + "/handoff";

    /// <summary>Whether specs are copied to other members: a Temporary worker is never restarted, so it needs none.</summary>
    public bool CopiesSpecs => Options.Restart != RestartStrategy.Temporary && Options.SpecCopies > 0;
}
