using System.Net;
using System.Net.Sockets;

namespace Nereid.TestSupport.Smtp;

/// <summary>
/// A tiny SMTP server on 127.0.0.1 at a free port that accepts every mail and keeps it in memory,
/// so tests can check what the product sent (MailKit in the product, <c>System.Net.Mail.SmtpClient</c> in its own tests).
/// Speaks the RFC 5321 subset clients need: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<SmtpMessage> _messages = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly Task _acceptLoop;

    private SmtpSink(TcpListener listener)
    {
        _listener = listener;
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    /// <summary>The host name clients connect to: always <c>127.0.0.1</c>.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the sink listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A snapshot of the messages received so far, in arrival order.</summary>
    public IReadOnlyList<SmtpMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Starts listening on 127.0.0.1 at a port the OS picks.</summary>
    public static SmtpSink Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new SmtpSink(listener);
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived and returns them all.</summary>
    /// <exception cref="TimeoutException">Fewer messages arrived within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<SmtpMessage>> WaitForMessagesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (_messages.Count >= count)
            {
                return [.. _messages];
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {count} message(s) within {timeout}, got {Messages.Count}.");
        }

        return Messages;
    }

    /// <summary>Stops listening and closes open sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }

    internal void Add(SmtpMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters.Where(w => _messages.Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var sessions = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            sessions.Add(new SmtpSession(client, this).RunAsync(cancellationToken));
            sessions.RemoveAll(s => s.IsCompleted);
        }

        await Task.WhenAll(sessions);
    }
}
