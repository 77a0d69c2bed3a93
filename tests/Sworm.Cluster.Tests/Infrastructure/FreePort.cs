using System.Net;
using System.Net.Sockets;

namespace Sworm.Cluster.Tests.Infrastructure;

/// <summary>
/// A loopback port nothing listens on right now. Used where the address must be known before the member starts
/// (a seed started together with its joiners, a restart on a fixed port, a seed that never comes).
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
