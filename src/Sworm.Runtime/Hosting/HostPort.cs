namespace Sworm;

/// <summary>Parses "host:port" the way seed nodes and member addresses are written.</summary>
internal static class HostPort
{
    public static bool TryParse(string? value, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = value?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || colon == value!.Length - 1)
        {
            return false;
        }

        host = value[..colon];
        return int.TryParse(value.AsSpan(colon + 1), out port) && port is > 0 and <= 65535;
    }
}
