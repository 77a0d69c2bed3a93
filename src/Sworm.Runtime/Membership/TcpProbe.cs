using System.Net.Sockets;

namespace Sworm.Membership;

/// <summary>
/// Asks the operating system, not the member, whether a member's port is still open. A process killed with
/// kill -9 has its listening socket closed by the kernel at once, so a refused connect separates "dead" from
/// "slow" far sooner than any heartbeat could.
/// </summary>
internal static class TcpProbe
{
    public static async Task<ProbeOutcome> ProbeAsync(string host, int port, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return ProbeOutcome.Listening;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return ProbeOutcome.Refused;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return ProbeOutcome.NoAnswer;
        }
    }
}
