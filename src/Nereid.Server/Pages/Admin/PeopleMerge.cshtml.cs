using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Server.People;
using Nereid.Server.People.Merge;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Admin;

/// <summary>
/// Platform admins: merge another person into this one. The page lists, row by row, what will move and what conflicts,
/// and the confirmation carries that list's ETag, so it is refused if either person changed after the admin looked.
/// </summary>
internal sealed class PeopleMergeModel(PersonMergeService merges, PeopleService people, NereidDbContext db) : NereidPageModel
{
    private const string NotAllowed = "Only platform admins may merge people.";

    [BindProperty(SupportsGet = true)]
    public Guid Into { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Other { get; set; }

    /// <summary>An id typed in, for someone the candidates do not list.</summary>
    [BindProperty(SupportsGet = true)]
    public string? OtherId { get; set; }

    public PersonView? Survivor { get; private set; }
    public MergePlan? Plan { get; private set; }

    /// <summary>People who look like the same human (same email or name), offered as the one to merge.</summary>
    public IReadOnlyList<PersonView> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor?.IsPlatformAdmin != true)
            return Denied(NotAllowed);
        return await ChangeAsync(async () =>
        {
            await LoadAsync(ct);
            return Page();
        }, () => LoadSurvivorAsync(ct));
    }

    public async Task<IActionResult> OnPostAsync(string? etag, bool force, CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        return await ChangeAsync(async () =>
        {
            var merged = await merges.MergeAsync(actor, Into, Other, force, etag, ct);
            return Done($"Merged into {merged.DisplayName}; the other person can no longer sign in.", "/admin/people");
        }, () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadSurvivorAsync(ct);
        if (Guid.TryParse(OtherId, out var typed))
            Other = typed;
        Plan = Other is null ? null : await merges.PreviewAsync(Actor!, Into, Other, ct);
    }

    private async Task LoadSurvivorAsync(CancellationToken ct)
    {
        Survivor = await people.GetAsync(Actor!, Into, ct);
        var email = Survivor.Email.ToLowerInvariant();
        var name = Survivor.DisplayName;
        var ids = await db.People.AsNoTracking()
            .Where(p => p.Id != Into && p.MergedIntoId == null && ((email != "" && p.NormalizedEmail == email) || p.DisplayName == name))
            .OrderBy(p => p.DisplayName).Select(p => p.Id).Take(20).ToListAsync(ct);
        var found = new List<PersonView>();
        foreach (var id in ids)
            found.Add(await people.GetAsync(Actor!, id, ct));
        Candidates = found;
        if (Survivor.MergedIntoId is not null)
            throw new ConflictException("This person was merged into someone else; merge into the survivor instead.");
    }
}
