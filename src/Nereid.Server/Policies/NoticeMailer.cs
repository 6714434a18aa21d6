using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Nereid.Server.Policies;

/// <summary>
/// One SMTP connection (MailKit) for a notice pass, opened on first use and reopened if the server dropped it.
/// A recipient the server refuses is reported back instead of failing the message for every other recipient.
/// </summary>
internal sealed class NoticeMailer(string host, NoticeOptions options) : IAsyncDisposable
{
    // Stored addresses come from identity providers and imports: accept only full addr-specs, nothing MimeKit would guess at.
    private static readonly ParserOptions StrictAddresses = new() { AllowAddressesWithoutDomain = false, AddressParserComplianceMode = RfcComplianceMode.Strict };

    private readonly TolerantSmtpClient _client = new();

    /// <summary>Parses a stored address strictly; <c>null</c> when it is not one mailbox with a domain.</summary>
    public static MailboxAddress? ParseRecipient(string address) =>
        MailboxAddress.TryParse(StrictAddresses, address, out var mailbox) && mailbox.Domain.Length > 0 ? mailbox : null;

    /// <summary>Failures of one send (connection, protocol, server refusal) that must not stop the rest of the pass.</summary>
    public static bool IsDeliveryFailure(Exception ex) => ex is CommandException or ProtocolException or ServiceNotConnectedException
        or ServiceNotAuthenticatedException or SslHandshakeException or System.Security.Authentication.AuthenticationException
        or IOException or SocketException or TimeoutException or ParseException;

    /// <summary>Sends <paramref name="message"/>; returns the recipients the server refused, with its reply.</summary>
    public async Task<IReadOnlyList<(MailboxAddress Mailbox, string Reason)>> SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (!_client.IsConnected)
            await _client.ConnectAsync(host, options.SmtpPort, options.SmtpEnableTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        _client.Rejected.Clear();
        await _client.SendAsync(message, ct);
        return [.. _client.Rejected];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception ex) when (IsDeliveryFailure(ex))
        {
            // Every message was already handed over or recorded as failed; a failed QUIT changes nothing.
        }
        _client.Dispose();
    }

    private sealed class TolerantSmtpClient : SmtpClient
    {
        public List<(MailboxAddress Mailbox, string Reason)> Rejected { get; } = [];

        // MailKit's default throws here, which would drop the message for the recipients the server did accept.
        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
            Rejected.Add((mailbox, $"{(int)response.StatusCode} {response.Response}"));
    }
}
