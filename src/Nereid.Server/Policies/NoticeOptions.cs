using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Policies;

/// <summary>Where notices go and how often. Section <c>Nereid:Policies:Notices</c>.</summary>
internal sealed class NoticeOptions
{
    /// <summary>At most one notice per violation within this interval. Default 6 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>SMTP host for email notices. Default none (no email).</summary>
    public string? SmtpHost { get; set; }

    /// <summary>SMTP port. Default 25.</summary>
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    /// <summary>Use STARTTLS. Default <c>false</c>.</summary>
    public bool SmtpEnableTls { get; set; }

    /// <summary>Sender address. Default <c>nereid@localhost</c>.</summary>
    [EmailAddress]
    public string From { get; set; } = "nereid@localhost";

    /// <summary>Generic JSON webhook (POST <c>{text, violation}</c>; Slack/Matrix hookshot compatible). Default none.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// Time one webhook POST may take before it counts as failed (and is not retried: the receiver may have taken it).
    /// The whole call, retries of refused or unconnectable attempts included, may take four times this. Default 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Public portal URL used for links in notices. Default none (links omitted).</summary>
    public Uri? PortalUrl { get; set; }
}
