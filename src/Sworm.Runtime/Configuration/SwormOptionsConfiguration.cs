using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Sworm.Configuration;

/// <summary>
/// Reads a sworm's options from configuration (<c>Sworm:Sworms:{name}</c>) by hand: no reflection-based binder,
/// and a clear error for a value that does not parse.
/// </summary>
internal static class SwormOptionsConfiguration
{
    public static void Apply(IConfigurationSection section, SwormOptions options, string sworm)
    {
        if (section["Restart"] is { } restart)
        {
            options.Restart = Enum.TryParse<RestartStrategy>(restart, ignoreCase: true, out var value) && Enum.IsDefined(value)
                ? value
                : throw Invalid(sworm, "Restart", restart, "Permanent, Transient or Temporary");
        }

        if (section["Handoff"] is { } handoff)
        {
            options.Handoff = bool.TryParse(handoff, out var value) ? value : throw Invalid(sworm, "Handoff", handoff, "true or false");
        }

        if (section["HandoffTimeoutMs"] is { } timeout)
        {
            options.HandoffTimeoutMs = int.TryParse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Invalid(sworm, "HandoffTimeoutMs", timeout, "a whole number of milliseconds");
        }

        if (section["RebalanceOnJoin"] is { } rebalance)
        {
            options.RebalanceOnJoin = bool.TryParse(rebalance, out var value) ? value : throw Invalid(sworm, "RebalanceOnJoin", rebalance, "true or false");
        }

        if (section["RebalanceMovesPerSecond"] is { } rate)
        {
            options.RebalanceMovesPerSecond = int.TryParse(rate, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Invalid(sworm, "RebalanceMovesPerSecond", rate, "a whole number of moves per second");
        }

        if (section["MaxRestarts"] is { } maxRestarts)
        {
            options.MaxRestarts = int.TryParse(maxRestarts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Invalid(sworm, "MaxRestarts", maxRestarts, "a whole number");
        }

        if (section["MaxRestartsWindow"] is { } window)
        {
            options.MaxRestartsWindow = TimeSpan.TryParse(window, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Invalid(sworm, "MaxRestartsWindow", window, "a time span such as 00:00:05");
        }
    }

    private static SwormConfigurationException Invalid(string sworm, string key, string value, string expected) =>
        new($"Configuration Sworm:Sworms:{sworm}:{key} is '{value}'; expected {expected}.");
}
