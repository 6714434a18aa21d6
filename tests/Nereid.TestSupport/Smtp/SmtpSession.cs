using System.Net.Sockets;
using System.Text;

namespace Nereid.TestSupport.Smtp;

/// <summary>One client connection to <see cref="SmtpSink"/>: reads commands line by line and answers them.</summary>
internal sealed class SmtpSession(TcpClient client, SmtpSink sink)
{
    private string? _from;
    private readonly List<string> _recipients = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var _ = client;
        try
        {
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 nereid-smtp-sink ESMTP ready");
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!await HandleAsync(line, reader, writer, cancellationToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The sink is shutting down; dropping the connection is the intended outcome.
        }
        catch (IOException)
        {
            // The client hung up mid-session; a real server would also just drop the session.
        }
    }

    private async Task<bool> HandleAsync(string line, StreamReader reader, StreamWriter writer, CancellationToken cancellationToken)
    {
        var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
        switch (verb)
        {
            case "EHLO":
                await writer.WriteLineAsync("250-nereid-smtp-sink greets you");
                await writer.WriteLineAsync("250-8BITMIME");
                await writer.WriteLineAsync("250 SMTPUTF8");
                break;
            case "HELO":
                await writer.WriteLineAsync("250 nereid-smtp-sink");
                break;
            case "MAIL" when line.StartsWith("MAIL FROM:", StringComparison.OrdinalIgnoreCase):
                Reset();
                _from = Address(line["MAIL FROM:".Length..]);
                await writer.WriteLineAsync("250 OK");
                break;
            case "RCPT" when line.StartsWith("RCPT TO:", StringComparison.OrdinalIgnoreCase):
                if (_from is null)
                {
                    await writer.WriteLineAsync("503 5.5.1 MAIL first");
                    break;
                }

                _recipients.Add(Address(line["RCPT TO:".Length..]));
                await writer.WriteLineAsync("250 OK");
                break;
            case "DATA":
                if (_from is null || _recipients.Count == 0)
                {
                    await writer.WriteLineAsync("503 5.5.1 RCPT first");
                    break;
                }

                await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                var data = await ReadDataAsync(reader, cancellationToken);
                sink.Add(new SmtpMessage(_from, [.. _recipients], data));
                Reset();
                await writer.WriteLineAsync("250 OK queued");
                break;
            case "RSET":
                Reset();
                await writer.WriteLineAsync("250 OK");
                break;
            case "NOOP":
                await writer.WriteLineAsync("250 OK");
                break;
            case "QUIT":
                await writer.WriteLineAsync("221 Bye");
                return false;
            default:
                await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                break;
        }

        return true;
    }

    private static async Task<string> ReadDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line && line != ".")
        {
            // Dot-unstuffing (RFC 5321 §4.5.2): a leading dot was doubled by the client.
            lines.Add(line.StartsWith('.') ? line[1..] : line);
        }

        return string.Join("\r\n", lines);
    }

    private static string Address(string argument)
    {
        // "<a@b> SIZE=123" → "a@b": parameters follow the address after a space.
        var trimmed = argument.Trim();
        var end = trimmed.IndexOf('>');
        return trimmed.StartsWith('<') && end > 0 ? trimmed[1..end] : trimmed.Split(' ')[0];
    }

    private void Reset()
    {
        _from = null;
        _recipients.Clear();
    }
}
