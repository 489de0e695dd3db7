using System.Net;
using System.Net.Sockets;

namespace Archive.Fetching;

/// <summary>Opens the TCP connection to an address the guard has already approved; a seam for tests to record attempts.</summary>
internal interface ISocketConnector
{
    ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken);
}

internal sealed class SocketConnector : ISocketConnector
{
    public async ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
