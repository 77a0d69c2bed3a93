using System.Globalization;

namespace Sworm.Configuration;

/// <summary>The one parser of "host:port" (seed nodes, member addresses; IPv6 hosts may be bracketed).</summary>
internal static class HostPort
{
    public static bool TryParse(string? address, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(address)) return false;
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1) return false;
        if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is <= 0 or > 65535)
            return false;
        host = address[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    /// <summary>
    /// Seeds are compared with member addresses textually, so "localhost" and "127.0.0.1" are normalised
    /// to the address Proto binds with <c>BindToLocalhost</c>.
    /// </summary>
    public static string Normalize(string address)
    {
        if (!TryParse(address, out var host, out var port)) return address;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) host = "127.0.0.1";
        return host + ":" + port.ToString(CultureInfo.InvariantCulture);
    }
}
