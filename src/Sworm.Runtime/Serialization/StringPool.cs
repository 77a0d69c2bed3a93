namespace Sworm.Serialization;

/// <summary>
/// One instance per distinct string, for the few values that every received message repeats (member ids, addresses):
/// a deserialized message brings its own copies, which a stored entry would otherwise keep, one per name. Not
/// thread-safe: each pool belongs to one actor. It grows by one string per distinct value, so only values from a small
/// set (one per member incarnation) go in.
/// </summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>The pooled instance equal to <paramref name="value"/> (<paramref name="value"/> itself the first time).</summary>
    public string Share(string value)
    {
        if (_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        _values.Add(value, value);
        return value;
    }
}
