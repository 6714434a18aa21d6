using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Institutions;

namespace Nereid.Server.Institutions;

/// <summary>The institution a sign-in belongs to, and whether this sign-in created it.</summary>
internal sealed record SignInInstitution(Institution Institution, bool Created);

/// <summary>
/// Fills the institution list from sign-ins: CILogon's <c>idp</c> claim names the campus's identity provider and
/// <c>idp_name</c> the campus. A known entity ID finds its institution; an unseen one is given to the institution of
/// that name when it has no IdP yet (a row migrated from free text), else a new institution named from <c>idp_name</c>.
/// Without an <c>idp</c> claim, the text (idp_name, or the affiliation's domain) is matched against names and domains.
/// Works in the sign-in's unit of work: nothing is saved here.
/// </summary>
internal sealed class InstitutionSignIn(NereidDbContext db)
{
    public async Task<SignInInstitution?> ForAsync(string? idp, string? idpName, string? fallback, DateTime now, CancellationToken ct)
    {
        var entityId = (idp ?? "").Trim();
        var name = (idpName ?? "").Trim();
        var all = await db.Institutions.ToListAsync(ct);
        if (entityId.Length > 0)
        {
            if (all.FirstOrDefault(i => string.Equals(i.IdpEntityId, entityId, StringComparison.Ordinal)) is { } known)
                return new(known, false);
            if (IsUsable(entityId, name))
            {
                if (all.FirstOrDefault(i => i.IsNamed(name)) is { } named)
                {
                    if (named.IdpEntityId is null)
                        named.Update(named.Name, named.ShortNames, named.Domain, entityId, now);
                    return new(named, false);
                }
                var created = Institution.Create(name, [], null, entityId, now);
                db.Institutions.Add(created);
                return new(created, true);
            }
        }
        var text = name.Length > 0 ? name : (fallback ?? "").Trim();
        if (text.Length == 0)
            return null;
        var match = all.FirstOrDefault(i => i.IsNamed(text))
            ?? all.FirstOrDefault(i => i.Domain.Length > 0 && (string.Equals(text, i.Domain, StringComparison.OrdinalIgnoreCase)
                || text.EndsWith("." + i.Domain, StringComparison.OrdinalIgnoreCase)));
        return match is null ? null : new(match, false);
    }

    /// <summary>Only a well-formed entity ID and a usable name make a new institution; anything else falls back to matching text.</summary>
    private static bool IsUsable(string entityId, string name) =>
        name.Length is > 0 and <= Institution.MaxNameLength && entityId.Length <= Institution.MaxIdpEntityIdLength
        && Uri.TryCreate(entityId, UriKind.Absolute, out _);
}
