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
    public static int Get() => Get(1)[0];

    /// <summary>
    /// <paramref name="count"/> different free ports. Each is held bound until all are chosen: ports taken one after
    /// another can repeat, since the OS may hand out a port just released again (a JupyterHub harness once got the same
    /// port for its proxy and the proxy's API).
    /// </summary>
    public static int[] Get(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var sockets = new List<Socket>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }
            return [.. sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }
}
