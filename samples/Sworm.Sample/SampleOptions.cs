using System.Globalization;

namespace Sworm.Sample;

/// <summary>The sample's command line (Program.cs lists the options).</summary>
internal sealed record SampleOptions(
    bool Member,
    int Port,
    string? Seed,
    string Cluster,
    int Members,
    int Devices,
    int Rate,
    int? Dashboard,
    string? Consul,
    bool Script)
{
    public static SampleOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            if (i < 0)
            {
                return null;
            }

            return i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
        }

        int Int(string name, int fallback, int min)
        {
            var text = Value(name);
            if (text is null)
            {
                return fallback;
            }

            if (!int.TryParse(text, CultureInfo.InvariantCulture, out var value) || value < min)
            {
                throw new ArgumentException($"{name} must be a whole number >= {min}; got '{text}'");
            }

            return value;
        }

        var options = new SampleOptions(
            Member: args.Contains("--member"),
            Port: Int("--port", 0, 0),
            Seed: Value("--seed"),
            Cluster: Value("--cluster") ?? "sworm-sample",
            Members: Int("--members", 3, 1),
            Devices: Int("--devices", args.Contains("--script") ? 300 : 10_000, 1),
            Rate: Int("--rate", 2_000, 0),
            Dashboard: Value("--dashboard") is null ? null : Int("--dashboard", 0, 0),
            Consul: Value("--consul"),
            Script: args.Contains("--script"));
        if (options.Consul is not null && !Uri.TryCreate(options.Consul, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"--consul '{options.Consul}' is not a URL; give the Consul agent's HTTP address, e.g. http://127.0.0.1:8500");
        }

        return options;
    }
}
