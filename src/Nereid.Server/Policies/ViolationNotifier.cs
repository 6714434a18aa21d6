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
    /// <summary>
    /// Sends the notices that are due, one email per person for the whole pass (their digest) and one webhook post per
    /// violation (the webhook is one platform-wide receiver, not a person); returns how many violations were notified.
    /// </summary>
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
        var letters = new List<Letter>(due.Count);
        foreach (var v in due)
        {
            var recipients = admins.GetValueOrDefault(v.Namespace, []).ToList();
            if (v.OwnerId is { } owner && owners.TryGetValue(owner, out var email))
                recipients.Insert(0, email);
            var text = NoticeText.Render(v, ViolationWords.For(v, options.Value, now), o.PortalUrl);
            letters.Add(new Letter(v, recipients.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), NoticeText.Subject(v), text));
        }
        var delivered = await DeliverAsync(letters, now, ct);
        foreach (var letter in letters.Where(l => delivered.Contains(l.Violation.Id)))
        {
            var v = letter.Violation;
            v.NoticesSent++;
            v.LastNoticeAt = now;
            if (v.Enforcement == EnforcementState.None)
                v.Enforcement = EnforcementState.Notified;
            audit.Record(null, "violation.notice", "violation", v.Id.ToString(), v.Namespace, after: new { v.NoticesSent, recipients = letter.Recipients });
        }
        return delivered.Count;
    }

    /// <summary>
    /// Tells the people who received the earlier notices of each violation that a step was taken (annotation, scale-down,
    /// deletion), through the same channels and in the same per-person digest; stored and audited like a notice, but not
    /// counted as one. Dry-run steps changed nothing for them and are only audited (by the enforcer).
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
        var letters = new List<Letter>(real.Count);
        foreach (var step in real)
        {
            var v = step.Violation;
            var recipients = earlier.Where(n => n.ViolationId == v.Id && n.Channel is "email" or "portal")
                .SelectMany(n => n.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var text = NoticeText.RenderStep(v, step.Action, ViolationWords.For(v, options.Value, now), o.PortalUrl);
            letters.Add(new Letter(v, recipients, NoticeText.StepSubject(v, step.Action), text));
        }
        var delivered = await DeliverAsync(letters, now, ct);
        foreach (var (letter, step) in letters.Zip(real))
        {
            audit.Record(null, "violation.step-notice", "violation", letter.Violation.Id.ToString(), letter.Violation.Namespace,
                after: new { step = step.Action, recipients = letter.Recipients, delivered = delivered.Contains(letter.Violation.Id) });
        }
    }

    /// <summary>One violation's words for its recipients.</summary>
    private sealed record Letter(Violation Violation, List<string> Recipients, string Subject, string Text);

    /// <summary>
    /// Mails each person one digest of every letter addressed to them, posts each letter to the webhook, or records it for
    /// the portal when no channel is configured; returns the violations delivered on at least one channel.
    /// </summary>
    private async Task<HashSet<Guid>> DeliverAsync(List<Letter> letters, DateTime now, CancellationToken ct)
    {
        var o = options.Value.Notices;
        var delivered = new HashSet<Guid>();
        if (o.SmtpHost is { } host)
        {
            await using var smtp = new NoticeMailer(host, o);
            var byPerson = letters.SelectMany(l => l.Recipients.Select(r => (Recipient: r, Letter: l)))
                .GroupBy(x => x.Recipient, StringComparer.OrdinalIgnoreCase);
            foreach (var person in byPerson)
            {
                var items = person.Select(x => (x.Letter.Violation, x.Letter.Subject, x.Letter.Text)).ToList();
                if (await SendDigestAsync(smtp, person.Key, items, now, ct))
                    delivered.UnionWith(items.Select(i => i.Violation.Id));
            }
        }
        foreach (var letter in letters)
        {
            if (o.WebhookUrl is not null && await SendWebhookAsync(o.WebhookUrl, letter.Violation, letter.Text, now, ct))
                delivered.Add(letter.Violation.Id);
            if (o.SmtpHost is null && o.WebhookUrl is null)
            {
                Record(letter.Violation, "portal", string.Join(",", letter.Recipients), now, true, null);
                delivered.Add(letter.Violation.Id);
            }
        }
        return delivered;
    }

    /// <summary>One person's digest; each violation in it gets its own stored notice, delivered or failed with the reason.</summary>
    private async Task<bool> SendDigestAsync(NoticeMailer smtp, string recipient, List<(Violation Violation, string Subject, string Text)> items,
        DateTime now, CancellationToken ct)
    {
        if (NoticeMailer.ParseRecipient(recipient) is not { } mailbox)
        {
            foreach (var item in items)
                RecipientFailed(item.Violation, recipient, "address does not parse", now);
            return false;
        }
        try
        {
            using var message = new MimeMessage { Subject = NoticeText.DigestSubject(items), Body = new TextPart("plain") { Text = NoticeText.DigestBody(items) } };
            message.From.Add(MailboxAddress.Parse(options.Value.Notices.From));
            message.To.Add(mailbox);
            var refused = await smtp.SendAsync(message, ct);
            foreach (var item in items)
            {
                if (refused.Count > 0)
                    RecipientFailed(item.Violation, mailbox.Address, "refused by the server: " + refused[0].Reason, now);
                else
                    Record(item.Violation, "email", mailbox.Address, now, true, null);
            }
            return refused.Count == 0;
        }
        catch (Exception ex) when (NoticeMailer.IsDeliveryFailure(ex))
        {
            foreach (var item in items)
            {
                PolicyLog.NoticeFailed(logger, item.Violation.Id, "email", ex);
                Record(item.Violation, "email", mailbox.Address, now, false, ex.Message);
            }
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
            using var response = await httpFactory.CreateClient(nameof(ViolationNotifier)).PostAsJsonAsync(url, new { text, violation = ViolationView.From(v, ViolationWords.For(v, options.Value, now)) }, ct);
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
