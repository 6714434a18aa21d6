using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Accounts;
using Nereid.Server.Pages.Shared;
using Nereid.Server.People;

namespace Nereid.Server.Pages.Account;

/// <summary>The signed-in person edits their display name and institution, and asks to change their email address.</summary>
[Authorize]
internal sealed class EditProfileModel(ProfileEditService profiles, PeopleService people) : NereidPageModel
{
    [BindProperty]
    public EditProfileInput Input { get; set; } = new();

    [BindProperty]
    public EmailChangeInput Email { get; set; } = new();

    public string CurrentEmail { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = new EditProfileInput { DisplayName = Actor!.DisplayName, Institution = _institution };
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await profiles.UpdateAsync(Actor!, Input.DisplayName, Input.Institution, ct);
            return Done("Your profile was saved.", "/profile");
        }, () => LoadAsync(ct), "Input", typeof(EditProfileInput));

    public Task<IActionResult> OnPostEmailAsync(CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await profiles.RequestEmailChangeAsync(Actor!, Email.Email, ct);
            return Done($"A confirmation link was sent to {Email.Email!.Trim()}; your address changes when you open it.", "/profile");
        }, () => LoadAsync(ct), "Email", typeof(EmailChangeInput));

    private string _institution = "";

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = await people.GetAsync(Actor!, Actor!.PersonId, ct);
        CurrentEmail = me.Email;
        _institution = me.Institution;
    }
}

/// <summary>Name and institution.</summary>
internal sealed class EditProfileInput
{
    [Display(Name = "Your name")]
    public string? DisplayName { get; set; }

    [Display(Name = "Institution")]
    public string? Institution { get; set; }
}

/// <summary>The address to confirm.</summary>
internal sealed class EmailChangeInput
{
    [Display(Name = "New email address")]
    public string? Email { get; set; }
}
