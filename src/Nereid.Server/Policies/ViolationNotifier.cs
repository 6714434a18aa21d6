using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Policies;
using Nereid.Server.Audit;
using Nereid.Server.Namespaces;
using Nereid.Server.Notices;

namespace Nereid.Server.Policies;

/// <summary>
/// Tells the pod's creator (when known) and the namespace's admins about open violations, in their portal inbox always and
/// by email and/or webhook when configured, at most once per violation within <see cref="NoticeOptions.Interval"/>. Every
/// notice is stored and audited. Recipients are people (ids): one without an email still gets the inbox notice.
/// Whether a violation counts as notified (and enforcement advances) depends on email and webhook when either is configured,
/// as before; without both, on the inbox notices actually added.
/// Each recipient and each notice fails alone: an address that does not parse, a refused recipient or a failed send is
/// recorded as not delivered with its reason, and the pass goes on with the others.
/// </summary>
internal sealed class ViolationNotifier(NereidDbContext db, IHttpClientFactory httpFactory, AuditLog audit, PortalNotices inbox,
    IOptions<PolicyOptions> options, TimeProvider time, ILogger<ViolationNotifier> logger)
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
        var admins = await AdminsAsync(due.Select(v => v.Namespace).Distinct().ToList(), ct);
        var ownerIds = due.Where(v => v.OwnerId is not null).Select(v => v.OwnerId!.Value).Distinct().ToList();
        var owners = await db.People.Where(p => ownerIds.Contains(p.Id))
            .Select(p => new Recipient(p.Id, p.Email, p.DisplayName)).ToDictionaryAsync(r => r.PersonId!.Value, ct);
        var letters = new List<Letter>(due.Count);
        foreach (var v in due)
        {
            var recipients = admins.GetValueOrDefault(v.Namespace, []).ToList();
            if (v.OwnerId is { } owner && owners.TryGetValue(owner, out var creator))
                recipients.Insert(0, creator);
            var text = NoticeText.Render(v, ViolationWords.For(v, options.Value, now), o.PortalUrl);
            letters.Add(new Letter(v, [.. recipients.DistinctBy(r => r.PersonId)], NoticeText.Subject(v), text));
        }
        var delivered = await DeliverAsync(letters, now, ct);
        foreach (var letter in letters.Where(l => delivered.Contains(l.Violation.Id)))
        {
            var v = letter.Violation;
            v.NoticesSent++;
            v.LastNoticeAt = now;
            if (v.Enforcement == EnforcementState.None)
                v.Enforcement = EnforcementState.Notified;
            audit.Record(null, "violation.notice", "violation", v.Id.ToString(), v.Namespace, after: new { v.NoticesSent, recipients = letter.Labels });
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
        var earlier = await EarlierRecipientsAsync(real.Select(s => s.Violation.Id).Distinct().ToList(), ct);
        var letters = new List<Letter>(real.Count);
        foreach (var step in real)
        {
            var v = step.Violation;
            var text = NoticeText.RenderStep(v, step.Action, ViolationWords.For(v, options.Value, now), o.PortalUrl);
            letters.Add(new Letter(v, earlier.GetValueOrDefault(v.Id, []), NoticeText.StepSubject(v, step.Action), text));
        }
        var delivered = await DeliverAsync(letters, now, ct);
        foreach (var (letter, step) in letters.Zip(real))
        {
            audit.Record(null, "violation.step-notice", "violation", letter.Violation.Id.ToString(), letter.Violation.Namespace,
                after: new { step = step.Action, recipients = letter.Labels, delivered = delivered.Contains(letter.Violation.Id) });
        }
    }

    /// <summary>The portal page a violation's inbox notices link to; also how a step finds who was told before.</summary>
    public static string PageOf(Guid violationId) => $"/violations/{violationId}";

    /// <summary>Someone to tell: a person (their inbox, and their email when they have one), or only an address from an earlier notice.</summary>
    private sealed record Recipient(Guid? PersonId, string Email, string Name)
    {
        public string Label => Email.Length > 0 ? Email : Name;
    }

    /// <summary>One violation's words for its recipients.</summary>
    private sealed record Letter(Violation Violation, List<Recipient> Recipients, string Subject, string Text)
    {
        public List<string> Emails => [.. Recipients.Where(r => r.Email.Length > 0).Select(r => r.Email).Distinct(StringComparer.OrdinalIgnoreCase)];

        public List<string> Labels => [.. Recipients.Select(r => r.Label).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Puts each letter in its recipients' inboxes, mails each person one digest of every letter addressed to them and posts
    /// each letter to the webhook; returns the violations that count as notified: those delivered by email or webhook when
    /// either is configured (as before the inbox was a channel), otherwise those whose inbox notices were added.
    /// </summary>
    private async Task<HashSet<Guid>> DeliverAsync(List<Letter> letters, DateTime now, CancellationToken ct)
    {
        var o = options.Value.Notices;
        DeliverToInboxes(letters, now);
        if (o.SmtpHost is null && o.WebhookUrl is null)
        {
            // Without email or webhook the violations page (and the inbox) is the notice. A violation nobody could be told of
            // in an inbox (no creator known, no namespace admin) counts too: otherwise every scan would record it again and
            // enforcement would never act on it. Its portal row says it reached nobody.
            return [.. letters.Select(l => l.Violation.Id)];
        }
        var delivered = new HashSet<Guid>();
        if (o.SmtpHost is { } host)
        {
            await using var smtp = new NoticeMailer(host, o);
            var byPerson = letters.SelectMany(l => l.Emails.Select(r => (Recipient: r, Letter: l)))
                .GroupBy(x => x.Recipient, StringComparer.OrdinalIgnoreCase);
            foreach (var person in byPerson)
            {
                var items = person.Select(x => (x.Letter.Violation, x.Letter.Subject, x.Letter.Text)).ToList();
                if (await SendDigestAsync(smtp, person.Key, items, now, ct))
                    delivered.UnionWith(items.Select(i => i.Violation.Id));
            }
        }
        if (o.WebhookUrl is { } webhook)
        {
            foreach (var letter in letters)
            {
                if (await SendWebhookAsync(webhook, letter.Violation, letter.Text, now, ct))
                    delivered.Add(letter.Violation.Id);
            }
        }
        return delivered;
    }

    /// <summary>
    /// One inbox notice per person and violation, linking to the violation's page, saved with the pass. Not one digest per
    /// person as by email: the inbox already lists them together, each notice then opens its own violation and is marked
    /// read on its own, and a later step finds who was told by the link. The <c>portal</c> row is delivered only when a
    /// notice was added; a violation with no creator known and no namespace admin has nobody to tell.
    /// </summary>
    private void DeliverToInboxes(List<Letter> letters, DateTime now)
    {
        foreach (var letter in letters)
        {
            var people = letter.Recipients.Where(r => r.PersonId is not null).DistinctBy(r => r.PersonId).ToList();
            if (people.Count == 0)
            {
                Record(letter.Violation, "portal", "", now, false, "nobody to tell: no creator known and no namespace admin");
                continue;
            }
            foreach (var person in people)
                inbox.Add(person.PersonId!.Value, letter.Subject, letter.Text, PageOf(letter.Violation.Id));
            Record(letter.Violation, "portal", string.Join(",", people.Select(p => p.Label)), now, true, null);
        }
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

    private async Task<Dictionary<string, List<Recipient>>> AdminsAsync(List<string> namespaces, CancellationToken ct)
    {
        var rows = await db.EffectiveMemberships().Where(m => m.Role == MembershipRole.Admin && namespaces.Contains(m.Namespace!.Name))
            .Select(m => new { m.Namespace!.Name, m.Person!.Id, m.Person.Email, m.Person.DisplayName }).ToListAsync(ct);
        return rows.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Select(r => new Recipient(r.Id, r.Email, r.DisplayName)).ToList(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Who was told of each violation before: the people with an inbox notice linking to it, and the addresses of delivered
    /// email (and, from before the inbox, portal) notices, as the people holding them today or, for email, as bare addresses.
    /// </summary>
    private async Task<Dictionary<Guid, List<Recipient>>> EarlierRecipientsAsync(List<Guid> ids, CancellationToken ct)
    {
        var links = ids.ToDictionary(PageOf, id => id, StringComparer.Ordinal);
        var linkKeys = links.Keys.ToList();
        var inboxes = await db.Set<Nereid.Domain.Notices.PortalNotice>().Where(n => n.Link != null && linkKeys.Contains(n.Link))
            .Select(n => new { n.Link, n.PersonId }).Distinct().ToListAsync(ct);
        var rows = await db.Set<ViolationNotice>().Where(n => ids.Contains(n.ViolationId) && n.Delivered && (n.Channel == "email" || n.Channel == "portal"))
            .Select(n => new { n.ViolationId, n.Channel, n.Recipients }).ToListAsync(ct);
        var addresses = rows.SelectMany(r => r.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => (r.ViolationId, r.Channel, Address: a))).ToList();
        var normalized = addresses.Select(a => a.Address.ToLowerInvariant()).Distinct().ToList();
        var personIds = inboxes.Select(n => n.PersonId).Distinct().ToList();
        var people = await db.People.Where(p => personIds.Contains(p.Id) || normalized.Contains(p.NormalizedEmail))
            .Select(p => new Recipient(p.Id, p.Email, p.DisplayName)).ToListAsync(ct);
        var byId = people.ToDictionary(p => p.PersonId!.Value);
        var byEmail = people.Where(p => p.Email.Length > 0).GroupBy(p => p.Email, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<Guid, List<Recipient>>();
        foreach (var n in inboxes)
        {
            if (byId.TryGetValue(n.PersonId, out var person))
                Add(links[n.Link!], person);
        }
        foreach (var (violationId, channel, address) in addresses)
        {
            // A portal row's names are labels (a person without an email is listed by name), never addresses to mail.
            if (byEmail.GetValueOrDefault(address) is { } holder)
                Add(violationId, holder);
            else if (channel == "email")
                Add(violationId, new Recipient(null, address, address));
        }
        return result;

        void Add(Guid violationId, Recipient r)
        {
            var list = result.TryGetValue(violationId, out var l) ? l : result[violationId] = [];
            if (!list.Any(x => (x.PersonId is not null && x.PersonId == r.PersonId) || (x.PersonId is null && r.PersonId is null && string.Equals(x.Email, r.Email, StringComparison.OrdinalIgnoreCase))))
                list.Add(r);
        }
    }
}
