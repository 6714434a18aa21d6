using System.Text.RegularExpressions;

namespace Nereid.Server.Pages.Shared;

/// <summary>A publication as a link: URLs as given, DOIs resolved through https://doi.org/.</summary>
internal sealed partial record PublicationLink(string Text, string? Href)
{
    public static PublicationLink From(string publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var value = publication.Trim();
        var doi = DoiPattern().Match(value);
        if (doi.Success)
        {
            var id = doi.Groups["doi"].Value;
            return new PublicationLink(value, "https://doi.org/" + Uri.EscapeDataString(id).Replace("%2F", "/", StringComparison.Ordinal));
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            return new PublicationLink(value, uri.AbsoluteUri);
        return new PublicationLink(value, null);
    }

    [GeneratedRegex(@"^(?:doi:)?(?<doi>10\.\d{4,9}/\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DoiPattern();
}
