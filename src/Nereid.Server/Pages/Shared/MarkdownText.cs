using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Nereid.Server.Pages.Shared;

/// <summary>
/// Renders namespace descriptions. Raw HTML is never rendered (it comes out encoded), and links may only point to
/// http(s), mailto or relative addresses, so a description cannot run script in a visitor's browser.
/// </summary>
internal static class MarkdownText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseReferralLinks("nofollow", "noopener", "noreferrer")
        .Build();

    /// <summary>Safe HTML for a Markdown text.</summary>
    public static HtmlString ToHtml(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
                link.Url = "#";
            // Remote images would let any namespace track who looks at the page; show them as links.
            link.IsImage = false;
        }
        // The page has its own title (the one H1) and sections (H2): a description's headings start below them.
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 2);
        foreach (var auto in document.Descendants<AutolinkInline>())
        {
            if (!auto.IsEmail && !IsSafeUrl(auto.Url))
                auto.Url = "#";
        }
        return new HtmlString(document.ToHtml(Pipeline));
    }

    /// <summary>The first <paramref name="maxLength"/> characters of the text without Markdown syntax, on one line.</summary>
    public static string Excerpt(string? markdown, int maxLength = 160)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrWhiteSpace(markdown))
            return "";
        // The overview shows the same descriptions on every request; parsing each one every time dominated its cost.
        if (maxLength == 160 && ExcerptCache.TryGetValue(markdown, out var known))
            return known;
        var excerpt = BuildExcerpt(markdown, maxLength);
        if (maxLength == 160)
        {
            if (ExcerptCache.Count > 20_000)
                ExcerptCache.Clear();
            ExcerptCache[markdown] = excerpt;
        }
        return excerpt;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ExcerptCache = new(StringComparer.Ordinal);

    private static string BuildExcerpt(string markdown, int maxLength)
    {
        var plain = string.Join(' ', Markdown.ToPlainText(markdown, Pipeline)
            .Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return plain.Length <= maxLength ? plain : plain[..(maxLength - 1)].TrimEnd() + "…";
    }

    /// <summary>Allows relative addresses and http, https and mailto; anything else with a scheme (javascript:, data:…) is refused.</summary>
    private static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return true;
        // Browsers drop whitespace and control characters inside schemes ("java\tscript:"), so refuse them outright.
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return false;
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var pathStart = url.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (pathStart >= 0 && pathStart < colon))
            return true;
        var scheme = url[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
