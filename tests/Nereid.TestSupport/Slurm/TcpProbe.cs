using System.Net;
using System.Net.Sockets;

namespace Nereid.TestSupport.Slurm;

/// <summary>Waits until something accepts TCP connections on a loopback port (daemons have no readiness signal).</summary>
internal static class TcpProbe
{
    public static async Task WaitAsync(int port, string what, Func<string> log, int? pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                if (pid is { } p && !BackgroundProcess.IsAlive(p))
                {
                    throw new InvalidOperationException($"{what} exited before listening on port {port}.\n{log()}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{what} did not listen on port {port} within {timeout}.\n{log()}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
