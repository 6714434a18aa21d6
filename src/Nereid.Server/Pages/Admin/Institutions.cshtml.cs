using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Auth;
using Nereid.Server.Institutions;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Admin;

/// <summary>Platform admins: the institution list — add, change (names, short names, domain, IdP entity ID) and merge two.</summary>
internal sealed class InstitutionsModel(InstitutionService institutions) : NereidPageModel
{
    private const string NotAllowed = "Only platform admins may manage the institution list.";
    private const string Here = "/admin/institutions";

    /// <summary>The institution being changed (?edit=id); none: the form adds one.</summary>
    [BindProperty(SupportsGet = true, Name = "edit")]
    public Guid? Edit { get; set; }

    [BindProperty]
    public InstitutionForm Input { get; set; } = new();

    [BindProperty]
    public InstitutionMergeForm Merge { get; set; } = new();

    public IReadOnlyList<InstitutionView> Items { get; private set; } = [];

    /// <summary>The institution the form changes, when <see cref="Edit"/> names one that exists.</summary>
    public InstitutionView? Editing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor?.IsPlatformAdmin != true)
            return Denied(NotAllowed);
        await LoadAsync(ct);
        if (Editing is { } e)
            Input = new InstitutionForm { Name = e.Name, ShortNames = string.Join(", ", e.ShortNames), Domain = e.Domain, IdpEntityId = e.IdpEntityId, Version = e.Version };
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) =>
        Run(async actor =>
        {
            var input = new InstitutionInput(Input.Name, Input.ShortNames?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), Input.Domain,
                Input.IdpEntityId);
            var saved = Edit is { } id ? await institutions.UpdateAsync(actor, id, input, Input.Version, ct) : await institutions.CreateAsync(actor, input, ct);
            return Done($"{saved.Name} {(Edit is null ? "added" : "saved")}.", Here);
        }, "Input", typeof(InstitutionForm), ct);

    public Task<IActionResult> OnPostMergeAsync(CancellationToken ct) =>
        Run(async actor =>
        {
            if (Merge.Into is not { } into)
                throw Domain.Errors.ValidationFailedException.For("into", "Choose the institution to keep.");
            var from = (await institutions.ListAsync(ct)).FirstOrDefault(i => i.Id == Merge.From)?.Name;
            var kept = await institutions.MergeAsync(actor, into, Merge.From, null, ct);
            return Done($"{from ?? "The institution"} merged into {kept.Name}; its names are now short names of {kept.Name}.", Here);
        }, "Merge", typeof(InstitutionMergeForm), ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await institutions.ListAsync(ct);
        Editing = Edit is { } id ? Items.FirstOrDefault(i => i.Id == id) : null;
        if (Editing is null)
            Edit = null;
    }

    private async Task<IActionResult> Run(Func<Actor, Task<IActionResult>> change, string prefix, Type inputType, CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        return await ChangeAsync(() => change(actor), () => LoadAsync(ct), prefix, inputType);
    }
}

/// <summary>An institution added or changed on the page; short names comma-separated.</summary>
internal sealed class InstitutionForm
{
    public string? Name { get; set; }
    public string? ShortNames { get; set; }
    public string? Domain { get; set; }
    public string? IdpEntityId { get; set; }
    /// <summary>The version the form was loaded at (If-Match): a change made meanwhile is refused, not overwritten.</summary>
    public int? Version { get; set; }
}

/// <summary>Merge <see cref="From"/> into <see cref="Into"/>.</summary>
internal sealed class InstitutionMergeForm
{
    public Guid? Into { get; set; }
    public Guid? From { get; set; }
}
