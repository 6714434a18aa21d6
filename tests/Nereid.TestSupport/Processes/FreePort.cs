using System.Net;
using System.Net.Sockets;

namespace Nereid.TestSupport.Processes;

/// <summary>Finds a free TCP port on the loopback interface for servers that cannot bind port 0 themselves.</summary>
public static class FreePort
{
    /// <summary>
    /// Binds a socket to 127.0.0.1:0, reads the port the OS chose and releases it.
    /// Another process could grab the port before the caller binds it, so callers retry on bind failure.
    /// </summary>
    public static int Get()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
