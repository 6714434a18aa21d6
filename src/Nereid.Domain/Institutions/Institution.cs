using System.Text.RegularExpressions;
using Nereid.Domain.Errors;

namespace Nereid.Domain.Institutions;

/// <summary>
/// A university, lab or company that people and namespaces belong to: its name, the short names people search by
/// ("UCSD"), its email/web domain and the entity ID its identity provider sends in CILogon's <c>idp</c> claim. Kept as
/// data so "UCSD" and "UC San Diego" are one thing. Changes go through <see cref="Create"/>, <see cref="Update"/> and
/// <see cref="Absorb"/>, which validate everything first; names unique across institutions are checked by the caller.
/// </summary>
public sealed partial class Institution
{
    /// <summary>Longest name (as a person's or namespace's institution text).</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest short name.</summary>
    public const int MaxShortNameLength = 50;

    /// <summary>Most short names one institution carries (a merge adds the other's names).</summary>
    public const int MaxShortNames = 20;

    /// <summary>Longest domain (a DNS name).</summary>
    public const int MaxDomainLength = 253;

    /// <summary>Longest IdP entity ID.</summary>
    public const int MaxIdpEntityIdLength = 500;

    public Guid Id { get; private init; }

    /// <summary>The name pages show, e.g. <c>UC San Diego</c>.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Other names people know it by, e.g. <c>UCSD</c>; search matches each.</summary>
    public List<string> ShortNames { get; private set; } = [];

    /// <summary>Its email and web domain, e.g. <c>ucsd.edu</c>; empty when unknown.</summary>
    public string Domain { get; private set; } = "";

    /// <summary>The SAML entity ID (or OIDC issuer) of its identity provider, as CILogon's <c>idp</c> claim carries it; null when unknown.</summary>
    public string? IdpEntityId { get; private set; }

    /// <summary>Bumped on every change: the ETag for If-Match, and the concurrency token.</summary>
    public int Version { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>The name and every short name.</summary>
    public IEnumerable<string> Names => [Name, .. ShortNames];

    /// <summary>A new institution; throws <see cref="ValidationFailedException"/> listing every bad field.</summary>
    public static Institution Create(string? name, IReadOnlyList<string?>? shortNames, string? domain, string? idpEntityId, DateTime now)
    {
        var institution = new Institution { Id = Guid.NewGuid(), CreatedAt = now };
        institution.Update(name, shortNames, domain, idpEntityId, now);
        return institution;
    }

    /// <summary>Replaces every field and bumps <see cref="Version"/>.</summary>
    public void Update(string? name, IReadOnlyList<string?>? shortNames, string? domain, string? idpEntityId, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var n = (name ?? "").Trim();
        if (n.Length == 0)
            errors["name"] = ["A name is required."];
        else if (n.Length > MaxNameLength)
            errors["name"] = [$"A name has at most {MaxNameLength} characters."];
        var shorts = (shortNames ?? []).Select(s => (s ?? "").Trim()).Where(s => s.Length > 0).ToList();
        if (shorts.Count > MaxShortNames)
            errors["shortNames"] = [$"At most {MaxShortNames} short names."];
        else if (shorts.FirstOrDefault(s => s.Length > MaxShortNameLength) is { } tooLong)
            errors["shortNames"] = [$"Each short name has at most {MaxShortNameLength} characters; '{tooLong[..20]}…' is longer."];
        else if (shorts.Distinct(StringComparer.OrdinalIgnoreCase).Count() != shorts.Count || shorts.Contains(n, StringComparer.OrdinalIgnoreCase))
            errors["shortNames"] = ["Each short name is listed once and differs from the name."];
        var d = (domain ?? "").Trim().ToLowerInvariant();
        if (d.Length > MaxDomainLength || (d.Length > 0 && !DomainPattern().IsMatch(d)))
            errors["domain"] = [$"'{Cut(d)}' is not a domain name such as ucsd.edu."];
        var idp = (idpEntityId ?? "").Trim();
        if (idp.Length > MaxIdpEntityIdLength)
            errors["idpEntityId"] = [$"An IdP entity ID has at most {MaxIdpEntityIdLength} characters."];
        else if (idp.Length > 0 && !Uri.TryCreate(idp, UriKind.Absolute, out _))
            errors["idpEntityId"] = [$"'{Cut(idp)}' is not an entity ID: it is a URL or URN such as https://idp.ucsd.edu/idp/shibboleth."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        Name = n;
        ShortNames = shorts;
        Domain = d;
        IdpEntityId = idp.Length == 0 ? null : idp;
        Version++;
        UpdatedAt = now;
    }

    /// <summary>
    /// Takes over <paramref name="other"/>'s names (its name becomes a short name), and its domain and IdP entity ID
    /// where this one has none; the caller moves the people and namespaces and deletes <paramref name="other"/>.
    /// Refused when both have different IdP entity IDs: one of them would no longer find its institution at sign-in.
    /// </summary>
    public void Absorb(Institution other, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Id == Id)
            throw ValidationFailedException.For("from", "An institution cannot be merged into itself.");
        if (IdpEntityId is not null && other.IdpEntityId is not null && !string.Equals(IdpEntityId, other.IdpEntityId, StringComparison.Ordinal))
            throw new ConflictException($"'{Name}' and '{other.Name}' sign in through different identity providers; clear the IdP entity ID of one first.");
        var names = ShortNames.Concat(other.Names).Where(s => !string.Equals(s, Name, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Update(Name, names, Domain.Length > 0 ? Domain : other.Domain, IdpEntityId ?? other.IdpEntityId, now);
    }

    /// <summary>True when <paramref name="text"/> is one of its names (case-insensitive).</summary>
    public bool IsNamed(string? text)
    {
        var t = (text ?? "").Trim();
        return t.Length > 0 && Names.Contains(t, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when a search for <paramref name="term"/> should find it: a part of any name or of its domain.</summary>
    public bool Matches(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var t = term.Trim();
        return t.Length > 0 && (Names.Any(n => n.Contains(t, StringComparison.OrdinalIgnoreCase)) || Domain.Contains(t, StringComparison.OrdinalIgnoreCase));
    }

    private static string Cut(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex DomainPattern();
}
