using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Slurm;

namespace Nereid.Server.Pages.Admin;

/// <summary>Platform admins: every registered Slurm cluster with the status its last projection pass and ledger import stored.</summary>
internal sealed class SlurmModel(SlurmClusterQueries queries, TimeProvider time) : NereidPageModel
{
    private const string NotAllowed = "Only platform admins may see Slurm clusters.";

    public IReadOnlyList<SlurmClusterView> Clusters { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        Now = time.GetUtcNow();
        Clusters = await queries.ListAsync(actor, ct);
        return Page();
    }

    /// <summary>A stored moment in words, or <paramref name="never"/>.</summary>
    public string When(DateTime? at, string never = "never") =>
        at is { } t ? TimeText.Describe(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)), Now) : never;
}
