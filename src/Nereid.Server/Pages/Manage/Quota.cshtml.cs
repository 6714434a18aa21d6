using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Domain.Errors;
using Nereid.Server.NamespaceQuotas;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Manage;

/// <summary>Platform admins set a namespace's quota overrides; the reconciler applies them to every connected cluster.</summary>
internal sealed class QuotaModel(NamespaceQuotaService quotas, KnownQuotaKeys knownKeys) : NereidPageModel
{
    public const string OnlyPlatformAdmins = "Only platform admins may change a namespace's quota.";

    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty]
    public QuotaForm Input { get; set; } = new();

    /// <summary>The quota as stored now (defaults, overrides, effective).</summary>
    public NamespaceQuotaView Quota { get; private set; } = null!;

    /// <summary>The quota keys known now (core names and the extended resources nodes advertise).</summary>
    public IReadOnlyList<string> KnownKeys => knownKeys.All();

    /// <summary>True after a stale-version refusal: the page offers a reload link.</summary>
    public bool Stale { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(() => LoadAsync(ct), () => Input = QuotaForm.From(Quota));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await ChangeAsync(async () =>
        {
            if (Actor?.IsPlatformAdmin != true)
                throw new ForbiddenException(OnlyPlatformAdmins);
            await quotas.SetAsync(Actor, Name, Input.ToInput(), Input.Version, ct);
            return Done($"The quota of {Name} was saved; connected clusters follow within seconds.", "/namespaces/" + Uri.EscapeDataString(Name) + "#quota");
        }, () => LoadAsync(ct), "Input", typeof(QuotaForm));
        Stale = result is PageResult { StatusCode: StatusCodes.Status412PreconditionFailed };
        return DeniedWhenForbidden(result);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Quota = await quotas.GetAsync(Actor!, Name, ct);
        if (Actor?.IsPlatformAdmin != true)
            throw new ForbiddenException(OnlyPlatformAdmins);
    }
}
