using System.Globalization;
using Nereid.Domain.Errors;
using Nereid.Server.Provider;

namespace Nereid.Server.Pages.Admin;

/// <summary>
/// The register and edit form of <c>/admin/oidc-clients</c>, as posted. Property names are the field names
/// <see cref="ClientRegistry"/> reports errors under, so each message lands next to its field; everything is kept as
/// typed (text, not parsed values), so a refused form comes back as it was sent.
/// </summary>
internal sealed class OidcClientForm
{
    public string? ClientId { get; set; }
    public string? DisplayName { get; set; }
    public bool Confidential { get; set; }
    /// <summary>One URI per line (or separated by spaces).</summary>
    public string? RedirectUris { get; set; }
    public string? PostLogoutRedirectUris { get; set; }
    public List<string> Grants { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
    public bool ConsentRequired { get; set; }
    /// <summary>Minutes, empty for the provider's default.</summary>
    public string? AccessTokenLifetimeMinutes { get; set; }
    /// <summary>"all" or "listed".</summary>
    public string? GroupMode { get; set; } = "all";
    public string? GroupNamespaces { get; set; }

    private static readonly char[] Separators = [' ', ',', '\n', '\r', '\t'];

    /// <summary>A registered client's values, to fill its edit form.</summary>
    public static OidcClientForm From(ClientView c) => new()
    {
        ClientId = c.ClientId,
        DisplayName = c.DisplayName,
        Confidential = c.Confidential,
        RedirectUris = string.Join('\n', c.RedirectUris),
        PostLogoutRedirectUris = string.Join('\n', c.PostLogoutRedirectUris),
        Grants = [.. c.Grants],
        Scopes = [.. c.Scopes],
        ConsentRequired = c.ConsentRequired,
        AccessTokenLifetimeMinutes = c.AccessTokenLifetimeMinutes?.ToString(CultureInfo.InvariantCulture),
        GroupMode = c.GroupNamespaces is null ? "all" : "listed",
        GroupNamespaces = string.Join(' ', c.GroupNamespaces ?? []),
    };

    /// <summary>What the registry is asked for; a lifetime that is not a whole number of minutes is refused here.</summary>
    public ClientInput ToInput()
    {
        int? lifetime = null;
        if (!string.IsNullOrWhiteSpace(AccessTokenLifetimeMinutes))
        {
            if (!int.TryParse(AccessTokenLifetimeMinutes.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
                throw ValidationFailedException.For("accessTokenLifetimeMinutes", "Give a whole number of minutes, or leave it empty for the default.");
            lifetime = minutes;
        }
        return new ClientInput(ClientId, DisplayName, Confidential, Split(RedirectUris), [.. Grants], [.. Scopes], Split(PostLogoutRedirectUris),
            ConsentRequired, GroupMode == "listed" ? Split(GroupNamespaces) : null, lifetime);
    }

    /// <summary>A list typed in one field: items separated by spaces, commas or line breaks.</summary>
    private static string[] Split(string? text) => (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries);
}
