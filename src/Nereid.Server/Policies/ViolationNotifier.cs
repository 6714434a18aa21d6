using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Policies;
using Nereid.Server.Audit;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Policies;

/// <summary>
/// Tells the pod's creator (when known) and the namespace's admins about open violations, by email and/or webhook,
/// at most once per violation within <see cref="NoticeOptions.Interval"/>. Every notice is stored and audited.
/// Without any channel configured the notice is recorded as <c>portal</c> (the violations page), so enforcement still advances.
/// Each recipient and each notice fails alone: an address that does not parse, a refused recipient or a failed send is
/// recorded as not delivered with its reason, and the pass goes on with the others.
/// </summary>
internal sealed class ViolationNotifier(NereidDbContext db, IHttpClientFactory httpFactory, AuditLog audit, IOptions<PolicyOptions> options,
    TimeProvider time, ILogger<ViolationNotifier> logger)
{
    /// <summary>Sends the notices that are due; returns how many violations were notified.</summary>
    public async Task<int> NotifyAsync(IReadOnlyList<Violation> open, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        var o = options.Value.Notices;
        var now = time.GetUtcNow().UtcDateTime;
        var due = open.Where(v => v.LastNoticeAt is null || now - v.LastNoticeAt.Value >= o.Interval).ToList();
        if (due.Count == 0)
            return 0;
        var admins = await AdminEmailsAsync(due.Select(v => v.Namespace).Distinct().ToList(), ct);
        var ownerIds = due.Where(v => v.OwnerId is not null).Select(v => v.OwnerId!.Value).Distinct().ToList();
        var owners = await db.People.Where(p => ownerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Email, ct);
        await using var smtp = o.SmtpHost is { } host ? new NoticeMailer(host, o) : null;
        foreach (var v in due)
        {
            var recipients = admins.GetValueOrDefault(v.Namespace, []).ToList();
            if (v.OwnerId is { } owner && owners.TryGetValue(owner, out var email))
                recipients.Insert(0, email);
            recipients = recipients.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var text = NoticeText.Render(v, o.PortalUrl);
            var delivered = false;
            if (smtp is not null && recipients.Count > 0)
                delivered |= await SendEmailAsync(smtp, v, recipients, text, now, ct);
            if (o.WebhookUrl is not null)
                delivered |= await SendWebhookAsync(o.WebhookUrl, v, text, now, ct);
            if (smtp is null && o.WebhookUrl is null)
            {
                Record(v, "portal", string.Join(",", recipients), now, true, null);
                delivered = true;
            }
            if (!delivered)
                continue;
            v.NoticesSent++;
            v.LastNoticeAt = now;
            if (v.Enforcement == EnforcementState.None)
                v.Enforcement = EnforcementState.Notified;
            audit.Record(null, "violation.notice", "violation", v.Id.ToString(), v.Namespace, after: new { v.NoticesSent, recipients });
        }
        return due.Count(v => v.LastNoticeAt == now);
    }

    /// <summary>
    /// Tells the people who received the earlier notices of each violation that a step was taken (annotation, scale-down,
    /// deletion), through the same channels; stored and audited like a notice, but not counted as one. Dry-run steps
    /// changed nothing for them and are only audited (by the enforcer).
    /// </summary>
    public async Task AnnounceStepsAsync(IReadOnlyList<EnforcementStep> steps, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var real = steps.Where(s => !s.DryRun).ToList();
        if (real.Count == 0)
            return;
        var o = options.Value.Notices;
        var now = time.GetUtcNow().UtcDateTime;
        var ids = real.Select(s => s.Violation.Id).Distinct().ToList();
        var earlier = await db.Set<ViolationNotice>().Where(n => ids.Contains(n.ViolationId) && n.Delivered)
            .Select(n => new { n.ViolationId, n.Channel, n.Recipients }).ToListAsync(ct);
        await using var smtp = o.SmtpHost is { } host ? new NoticeMailer(host, o) : null;
        foreach (var step in real)
        {
            var v = step.Violation;
            var recipients = earlier.Where(n => n.ViolationId == v.Id && n.Channel is "email" or "portal")
                .SelectMany(n => n.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var text = NoticeText.RenderStep(v, step.Action, o.PortalUrl);
            var delivered = false;
            if (smtp is not null && recipients.Count > 0)
                delivered |= await SendEmailAsync(smtp, v, recipients, text, now, ct, NoticeText.StepSubject(v, step.Action));
            if (o.WebhookUrl is not null)
                delivered |= await SendWebhookAsync(o.WebhookUrl, v, text, now, ct);
            if (smtp is null && o.WebhookUrl is null)
            {
                Record(v, "portal", string.Join(",", recipients), now, true, null);
                delivered = true;
            }
            audit.Record(null, "violation.step-notice", "violation", v.Id.ToString(), v.Namespace, after: new { step = step.Action, recipients, delivered });
        }
    }

    private async Task<bool> SendEmailAsync(NoticeMailer smtp, Violation v, List<string> recipients, string text, DateTime now, CancellationToken ct,
        string? subject = null)
    {
        var to = new List<MailboxAddress>(recipients.Count);
        foreach (var r in recipients)
        {
            if (NoticeMailer.ParseRecipient(r) is { } mailbox)
                to.Add(mailbox);
            else
                RecipientFailed(v, r, "address does not parse", now);
        }
        if (to.Count == 0)
            return false;
        try
        {
            using var message = new MimeMessage { Subject = subject ?? NoticeText.Subject(v), Body = new TextPart("plain") { Text = text } };
            message.From.Add(MailboxAddress.Parse(options.Value.Notices.From));
            message.To.AddRange(to);
            var refused = await smtp.SendAsync(message, ct);
            foreach (var (mailbox, reason) in refused)
                RecipientFailed(v, mailbox.Address, "refused by the server: " + reason, now);
            var accepted = to.Where(m => !refused.Any(r => ReferenceEquals(r.Mailbox, m))).Select(m => m.Address).ToList();
            if (accepted.Count == 0)
                return false;
            Record(v, "email", string.Join(",", accepted), now, true, null);
            return true;
        }
        catch (Exception ex) when (NoticeMailer.IsDeliveryFailure(ex))
        {
            PolicyLog.NoticeFailed(logger, v.Id, "email", ex);
            Record(v, "email", string.Join(",", to.Select(m => m.Address)), now, false, ex.Message);
            return false;
        }
    }

    private void RecipientFailed(Violation v, string recipient, string reason, DateTime now)
    {
        PolicyLog.NoticeRecipientFailed(logger, v.Id, recipient, reason);
        Record(v, "email", recipient, now, false, reason);
    }

    private async Task<bool> SendWebhookAsync(Uri url, Violation v, string text, DateTime now, CancellationToken ct)
    {
        try
        {
            using var response = await httpFactory.CreateClient(nameof(ViolationNotifier)).PostAsJsonAsync(url, new { text, violation = ViolationView.From(v) }, ct);
            response.EnsureSuccessStatusCode();
            Record(v, "webhook", url.Host, now, true, null);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException)
        {
            // ExecutionRejectedException: the resilience handler's timeout or open circuit breaker.
            PolicyLog.NoticeFailed(logger, v.Id, "webhook", ex);
            Record(v, "webhook", url.Host, now, false, ex.Message);
            return false;
        }
    }

    private void Record(Violation v, string channel, string recipients, DateTime now, bool delivered, string? error) =>
        db.Set<ViolationNotice>().Add(new ViolationNotice
        {
            ViolationId = v.Id, Channel = channel, Recipients = recipients.Length > 2000 ? recipients[..2000] : recipients, SentAt = now,
            Delivered = delivered, Error = error is { Length: > 1000 } ? error[..1000] : error,
        });

    private async Task<Dictionary<string, List<string>>> AdminEmailsAsync(List<string> namespaces, CancellationToken ct)
    {
        var rows = await db.EffectiveMemberships().Where(m => m.Role == MembershipRole.Admin && namespaces.Contains(m.Namespace!.Name))
            .Select(m => new { m.Namespace!.Name, m.Person!.Email }).ToListAsync(ct);
        return rows.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Select(r => r.Email).ToList(), StringComparer.Ordinal);
    }
}
