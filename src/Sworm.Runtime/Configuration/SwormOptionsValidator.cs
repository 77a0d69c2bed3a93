using System.Globalization;

namespace Sworm.Configuration;

/// <summary>
/// The one place the options' rules live, run when the member is built (so a typo fails at start, not as a
/// flapping cluster). Every violation is a <see cref="SwormConfigurationException"/> naming the setting.
/// </summary>
internal static class SwormOptionsValidator
{
    public static void Validate(FailureDetectionOptions detection)
    {
        Positive(detection.GossipInterval, "FailureDetection.GossipInterval");
        Positive(detection.ProbeTimeout, "FailureDetection.ProbeTimeout");
        if (detection.SuspectAfter < detection.GossipInterval * 2)
        {
            throw new SwormConfigurationException(
                $"FailureDetection.SuspectAfter ({Seconds(detection.SuspectAfter)}) must be at least two gossip intervals ({Seconds(detection.GossipInterval * 2)}), or healthy members get probed all the time.");
        }

        if (detection.HeartbeatExpiration < detection.SuspectAfter)
        {
            throw new SwormConfigurationException(
                $"FailureDetection.HeartbeatExpiration ({Seconds(detection.HeartbeatExpiration)}) must not be shorter than SuspectAfter ({Seconds(detection.SuspectAfter)}).");
        }
    }

    public static void ValidateSeeds(IEnumerable<string> seeds)
    {
        foreach (var seed in seeds)
        {
            if (!HostPort.TryParse(seed, out _, out _))
            {
                throw new SwormConfigurationException($"Seed node '{seed}' is not host:port (e.g. \"127.0.0.1:4020\").");
            }
        }
    }

    public static void Validate(SwormOptions options, string sworm)
    {
        if (options.SpecCopies < 0)
        {
            throw new SwormConfigurationException($"Sworm '{sworm}': SpecCopies must be 0 or more, not {options.SpecCopies}.");
        }

        if (!Enum.IsDefined(options.Restart))
        {
            throw new SwormConfigurationException($"Sworm '{sworm}': Restart must be Permanent, Transient or Temporary, not {(int)options.Restart}.");
        }

        if (options.HandoffTimeoutMs <= 0)
        {
            throw new SwormConfigurationException($"Sworm '{sworm}': HandoffTimeoutMs must be positive, not {options.HandoffTimeoutMs}.");
        }

        if (options.RebalanceMovesPerSecond <= 0)
        {
            throw new SwormConfigurationException($"Sworm '{sworm}': RebalanceMovesPerSecond must be positive, not {options.RebalanceMovesPerSecond}.");
        }

        if (options.RebalanceOnJoin && !options.Handoff)
        {
            throw new SwormConfigurationException(
                $"Sworm '{sworm}': RebalanceOnJoin moves workers through handoff, so it needs Handoff = true (without it every moved worker would restart clean). Turn Handoff on, or RebalanceOnJoin off.");
        }

        if (options.MaxRestarts < 0 || options.MaxRestartsWindow <= TimeSpan.Zero)
        {
            throw new SwormConfigurationException($"Sworm '{sworm}': MaxRestarts must be 0 or more and MaxRestartsWindow positive.");
        }
    }

    public static void Positive(TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new SwormConfigurationException($"{setting} must be positive, not {Seconds(value)}.");
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
