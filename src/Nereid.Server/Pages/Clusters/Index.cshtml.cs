using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Server.Api;
using Nereid.Server.Clusters;
using Nereid.Server.Clusters.Preflight;
using Nereid.Server.ClusterTrust;
using Nereid.Server.Identity;

namespace Nereid.Server.Pages.Clusters;

/// <summary>
/// /clusters: platform admins see every cluster, its health and reconcile summary, can adopt namespaces and mark a
/// cluster as trusting Nereid's issuer.
/// </summary>
[Authorize]
internal sealed class IndexModel(ClusterQueries queries, NamespaceImporter importer, PreflightResults preflight, ClusterClaimWarnings claimWarnings,
    ClusterTrustService trust, ClusterTrustSettings trustSettings) : PageModel
{
    /// <summary>Whether each connected cluster trusts Nereid's issuer (with the version the form sends back as If-Match).</summary>
    public IReadOnlyDictionary<string, ClusterTrustView> Trust { get; private set; } = new Dictionary<string, ClusterTrustView>();

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
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Marks a cluster as trusting Nereid's issuer or not; <paramref name="version"/> is the one the page showed.</summary>
    public async Task<IActionResult> OnPostTrustAsync(string cluster, bool trusts, int version, CancellationToken cancellationToken)
    {
        if (HttpContext.Actor() is not { IsPlatformAdmin: true } actor)
        {
            return Forbid();
        }
        try
        {
            await trustSettings.SetAsync(actor, cluster, new ClusterTrustInput(trusts), version, cancellationToken);
        }
        catch (Domain.Errors.NereidException ex)
        {
            Error = ex.Message;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clusters = await queries.HealthAsync(cancellationToken);
        ClaimWarnings = claimWarnings.All();
        TrustSnippets = [.. trust.All(Request)];
        var trusts = new Dictionary<string, ClusterTrustView>(StringComparer.Ordinal);
        foreach (var c in Clusters)
            trusts[c.Name] = await trustSettings.GetAsync(c.Name, cancellationToken);
        Trust = trusts;
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
        await LoadAsync(cancellationToken);
        return Page();
    }
}
