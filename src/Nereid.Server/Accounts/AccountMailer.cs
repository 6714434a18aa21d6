using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Nereid.Server.Policies;

namespace Nereid.Server.Accounts;

/// <summary>Sends the one message of an account link with the same SMTP settings as policy notices (MailKit).</summary>
internal sealed class AccountMailer(IOptions<PolicyOptions> policies)
{
    private NoticeOptions Mail => policies.Value.Notices;

    /// <summary>Whether mail can be sent and links can point somewhere: SMTP host and portal URL are both set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Mail.SmtpHost) && Mail.PortalUrl is not null;

    /// <summary>What the operator still has to set for mailed links, in words for the page.</summary>
    public string MissingSettings =>
        string.Join(" and ", new[]
        {
            string.IsNullOrWhiteSpace(Mail.SmtpHost) ? "Nereid:Policies:Notices:SmtpHost" : null,
            Mail.PortalUrl is null ? "Nereid:Policies:Notices:PortalUrl" : null,
        }.Where(s => s is not null));

    /// <summary>
    /// The absolute link for <paramref name="pathAndQuery"/> on the configured portal URL, never on the request's Host header
    /// (which an attacker chooses, and would receive the secret).
    /// </summary>
    public string LinkTo(string pathAndQuery) => new Uri(Mail.PortalUrl!, pathAndQuery).ToString();

    public async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var mail = Mail;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From));
        message.To.Add(NoticeMailer.ParseRecipient(to) ?? throw new InvalidOperationException("Not a deliverable address."));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient();
        await client.ConnectAsync(mail.SmtpHost ?? throw new InvalidOperationException("No SMTP host is configured."), mail.SmtpPort, mail.SmtpEnableTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
