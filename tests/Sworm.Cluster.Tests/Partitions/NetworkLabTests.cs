using System.Net;
using System.Net.Sockets;
using Sworm.Testing.Partitions;
using Xunit;

namespace Sworm.Cluster.Tests.Partitions;

/// <summary>The partition harness itself: a cut is a black hole (a timeout, never a refusal), a heal restores the link, teardown leaves nothing.</summary>
public sealed class NetworkLabTests
{
    private const int Port = 4099;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    [NetnsFact]
    public async Task A_cut_link_times_out_a_split_separates_the_groups_and_heals_restore_both()
    {
        IReadOnlyList<string> left;
        await using (var lab = await NetworkLab.Create(3))
        {
            using var listener = NetworkLab.InNamespace(lab[1], () => Listen(lab[1]));
            using var third = NetworkLab.InNamespace(lab[2], () => Listen(lab[2]));

            Assert.Equal("connected", await Connect(lab[0], lab[1], Port));
            Assert.Equal("refused", await Connect(lab[0], lab[1], Port + 1)); // the control: nobody listens there

            await lab.Cut(lab[1]);
            Assert.Equal("timed out", await Connect(lab[0], lab[1], Port));
            Assert.Equal("timed out", await Connect(lab[0], lab[1], Port + 1)); // not even a refusal crosses a cut
            Assert.Equal("connected", await Connect(lab[0], lab[2], Port)); // the others still talk

            await lab.Heal(lab[1]);
            Assert.Equal("connected", await Connect(lab[0], lab[1], Port));

            await lab.Split([lab[2]]);
            Assert.Equal("connected", await Connect(lab[0], lab[1], Port));
            Assert.Equal("timed out", await Connect(lab[0], lab[2], Port));
            Assert.Equal("timed out", await Connect(lab[2], lab[0], Port + 1));

            await lab.HealSplit();
            Assert.Equal("connected", await Connect(lab[0], lab[2], Port));
            Assert.Equal(4, (await lab.ExistingNamespaces()).Count);
            await lab.DisposeAsync();
            left = await lab.ExistingNamespaces();
        }

        Assert.Empty(left);
    }

    private static Socket Listen(LabHost host)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(host.Address), Port));
        socket.Listen();
        return socket;
    }

    /// <summary>Connects from <paramref name="from"/>'s namespace: "connected", "refused", "timed out" or the socket error.</summary>
    private static async Task<string> Connect(LabHost from, LabHost to, int port)
    {
        using var socket = NetworkLab.InNamespace(from, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var deadline = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(to.Address), port), deadline.Token);
            return "connected";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return "refused";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
    }
}
