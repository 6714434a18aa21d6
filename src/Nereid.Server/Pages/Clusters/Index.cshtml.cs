using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Server.Api;
using Nereid.Server.Clusters;
using Nereid.Server.Clusters.Preflight;
using Nereid.Server.Identity;

namespace Nereid.Server.Pages.Clusters;

/// <summary>/clusters: platform admins see every cluster, its health and reconcile summary, and can adopt namespaces.</summary>
[Authorize]
internal sealed class IndexModel(ClusterQueries queries, NamespaceImporter importer, PreflightResults preflight, ClusterClaimWarnings claimWarnings,
    Nereid.Server.ClusterTrust.ClusterTrustService trust) : PageModel
{
    /// <summary>Each cluster's AuthenticationConfiguration for its API servers (trust Nereid's tokens).</summary>
    public IReadOnlyList<(string Cluster, string Yaml)> TrustSnippets { get; private set; } = [];

    /// <summary>Claims the clusters map that the kubeconfig issuer's ID tokens were seen without.</summary>
    public IReadOnlyList<ClusterClaimWarning> ClaimWarnings { get; private set; } = [];

    /// <summary>The last preflight of <paramref name="cluster"/>, or null before its first.</summary>
    public PreflightReport? Preflight(string cluster) => preflight.Find(cluster);

    public IReadOnlyList<ClusterHealthView> Clusters { get; private set; } = [];

    public ImportResult? Import { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (HttpContext.Actor() is not { IsPlatformAdmin: true })
        {
            return Forbid();
        }
        Clusters = await queries.HealthAsync(cancellationToken);
        ClaimWarnings = claimWarnings.All();
        TrustSnippets = [.. trust.All(Request)];
        return Page();
    }

    /// <summary>Dry run (plan) or real import of a cluster's unknown namespaces.</summary>
    public async Task<IActionResult> OnPostImportAsync(string cluster, bool apply, CancellationToken cancellationToken)
    {
        if (HttpContext.Actor() is not { IsPlatformAdmin: true } actor)
        {
            return Forbid();
        }
        try
        {
            Import = await importer.ImportAsync(actor, cluster, dryRun: !apply, cancellationToken);
        }
        catch (Domain.Errors.NereidException ex)
        {
            Error = ex.Message;
        }
        Clusters = await queries.HealthAsync(cancellationToken);
        ClaimWarnings = claimWarnings.All();
        TrustSnippets = [.. trust.All(Request)];
        return Page();
    }
}
