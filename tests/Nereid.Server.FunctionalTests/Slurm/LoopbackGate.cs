using System.Net;
using System.Net.Sockets;

namespace Nereid.Server.FunctionalTests.Slurm;

/// <summary>
/// A loopback TCP forwarder in front of the shared slurmrestd that can be closed and opened again on the same port, so a
/// test can take "its" slurmrestd away (connection refused) without stopping the daemon other tests use.
/// </summary>
internal sealed class LoopbackGate : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<Task> _pumps = [];
    private TcpListener? _listener;
    private CancellationTokenSource _open = new();

    private LoopbackGate(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
    }

    /// <summary>The address to use instead of the target's.</summary>
    public string Url => $"http://127.0.0.1:{Port}/";

    private int Port { get; set; }

    /// <summary>Opens a gate to <paramref name="target"/> on a free loopback port.</summary>
    public static LoopbackGate Open(Uri target)
    {
        var gate = new LoopbackGate(target);
        gate.Listen(0);
        return gate;
    }

    /// <summary>Stops listening and cuts every forwarded connection: new connections are refused.</summary>
    public async Task CloseAsync()
    {
        _listener?.Stop();
        _listener = null;
        await _open.CancelAsync();
        _open.Dispose();
        _open = new CancellationTokenSource();
    }

    /// <summary>Listens again on the same port.</summary>
    public void Reopen() => Listen(Port);

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _open.Dispose();
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        var open = _open.Token;
        _pumps.Add(Task.Run(() => AcceptAsync(listener, open)));
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken open)
    {
        while (!open.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(open);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ForwardAsync(inbound, open), CancellationToken.None);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken open)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(_target, open);
                var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), open);
                var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), open);
                await Task.WhenAny(a, b);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // Closing the gate cuts the connection; that is the point.
            }
        }
    }
}
