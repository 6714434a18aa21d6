using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Manage;

/// <summary>Creates a namespace (tier admin and above); the creator becomes its first admin.</summary>
internal sealed class CreateModel(NamespaceService namespaces) : NereidPageModel
{
    [BindProperty]
    public NamespaceForm Input { get; set; } = new();

    public IActionResult OnGet() => Actor!.AtLeast(Tier.Admin) ? Page() : Denied(NotAllowed);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Actor!.AtLeast(Tier.Admin))
            return Denied(NotAllowed);
        return await ChangeAsync(async () =>
        {
            var input = Input.ToInput(Input.Name?.Trim());
            var metadataProblems = MetadataProblems(input);
            NamespaceView created;
            try
            {
                created = await namespaces.CreateAsync(Actor!, input, ct);
            }
            catch (ValidationFailedException nameProblem) when (metadataProblems is not null)
            {
                // The service stops at the first bad name; show the metadata problems in the same round trip.
                throw new ValidationFailedException(nameProblem.Errors.Concat(metadataProblems.Errors)
                    .GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct().ToArray()));
            }
            return Done($"Namespace {created.Name} was created; you are its admin.", "/namespaces/" + Uri.EscapeDataString(created.Name));
        }, () => Task.CompletedTask, "Input", typeof(NamespaceForm));
    }

    private static ValidationFailedException? MetadataProblems(NamespaceInput input)
    {
        try
        {
            NamespaceMetadata.Create(input.Institution, input.Pis, input.Grants, input.Software, input.Description, input.Publications);
            return null;
        }
        catch (ValidationFailedException e)
        {
            return e;
        }
    }

    private const string NotAllowed = "Creating namespaces needs the admin tier; request a promotion on your profile page.";
}
