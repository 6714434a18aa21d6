using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Pages.Shared;

/// <summary>The namespaces a picker offers: every namespace to a platform admin, otherwise the person's effective memberships.</summary>
internal static class NamespaceChoices
{
    public static async Task<IReadOnlyList<string>> ForAsync(NereidDbContext db, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var names = actor.IsPlatformAdmin
            ? db.Namespaces.AsNoTracking().Select(n => n.Name)
            : db.EffectiveMembershipsOf(actor.PersonId).AsNoTracking().Select(m => m.Namespace!.Name);
        return await names.Distinct().OrderBy(n => n).ToListAsync(ct);
    }
}

/// <summary>A namespace <c>select</c>: its id and form name, the choices, the one selected, and the label of the empty choice (null: none).</summary>
internal sealed record NamespacePicker(string Id, string Name, IReadOnlyList<string> Choices, string? Selected, string? EmptyChoice);
