using Nereid.Domain.Errors;

namespace Nereid.Domain.Notices;

/// <summary>
/// A message for one person shown in the portal's inbox (violations, decisions, promotions): the same notices that go
/// by email, read or not.
/// </summary>
public sealed class PortalNotice
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 4000;
    public const int MaxLinkLength = 500;

    public Guid Id { get; private set; } = Guid.NewGuid();
    public Guid PersonId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>A portal path (<c>/violations/…</c>) the notice is about, or null.</summary>
    public string? Link { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    /// <summary>A new unread notice; the title is required, body and link are cut to their limits, the link must be a local path.</summary>
    public static PortalNotice Create(Guid personId, string title, string? body, string? link, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(title))
            throw ValidationFailedException.For("title", "A notice needs a title.");
        if (link is { Length: > 0 } && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal)))
            throw ValidationFailedException.For("link", "A notice links to a page of the portal (a path starting with /).");
        return new PortalNotice
        {
            PersonId = personId,
            Title = Cut(title.Trim(), MaxTitleLength),
            Body = Cut(body?.Trim() ?? "", MaxBodyLength),
            Link = string.IsNullOrWhiteSpace(link) ? null : Cut(link, MaxLinkLength),
            CreatedAt = now,
        };
    }

    /// <summary>Marks the notice read (again: no change).</summary>
    public void MarkRead(DateTime now) => ReadAt ??= now;

    /// <summary>Marks the notice unread.</summary>
    public void MarkUnread() => ReadAt = null;

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
