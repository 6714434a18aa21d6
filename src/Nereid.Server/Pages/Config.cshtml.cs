using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.CliDownloads;
using Nereid.Server.Clusters;
using Nereid.Server.Identity;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages;

/// <summary>One thing the operator still has to set up before people can use kubectl, and how.</summary>
internal sealed record ConfigProblem(string What, string Fix);

/// <summary>
/// "Get config": checks that kubeconfigs can work (a cluster, an issuer, the CLI builds) and says what is missing
/// instead of offering broken files; then the steps per operating system, the CLI downloads with their SHA-256
/// checksums, and the kubeconfig of each cluster.
/// </summary>
[Authorize]
internal sealed class ConfigModel(KubeconfigService kubeconfigs, CliDownloadCatalog cli, NereidDbContext db) : NereidPageModel
{
    public IReadOnlyList<ConnectedCluster> Clusters { get; private set; } = [];

    public string? Issuer => kubeconfigs.Issuer;

    /// <summary>The CLI builds on offer.</summary>
    public IReadOnlyList<CliDownload> Downloads { get; private set; } = [];

    /// <summary>What the operator has to fix; empty when everything is in place.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; private set; } = [];

    /// <summary>Users and above may download; guests see the list and what to do.</summary>
    public bool CanDownload => Actor?.AtLeast(Tier.User) == true;

    /// <summary>Kubeconfigs can be built (a cluster and an issuer).</summary>
    public bool KubeconfigsWork => Clusters.Count > 0 && Issuer is not null;

    /// <summary>The CLI client id the login step names (the first cluster's).</summary>
    public string ClientId => Clusters.FirstOrDefault()?.Info.OidcClientId ?? "nereid";

    /// <summary>The namespace the test command's expected output shows (the person's first), or an example.</summary>
    public string ExampleNamespace { get; private set; } = "my-lab";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Clusters = kubeconfigs.Clusters;
        Downloads = await cli.ListAsync(ct);
        if (Actor is { } actor)
        {
            ExampleNamespace = await db.EffectiveMemberships().AsNoTracking().Where(m => m.PersonId == actor.PersonId)
                .Select(m => m.Namespace!.Name).OrderBy(n => n).FirstOrDefaultAsync(ct) ?? ExampleNamespace;
        }
        var problems = new List<ConfigProblem>();
        if (Clusters.Count == 0)
            problems.Add(new("No Kubernetes cluster is connected, so there is nothing to configure kubectl for yet.",
                "The operator adds a cluster under Nereid:Clusters (see docs/configuration.md)."));
        if (Issuer is null)
            problems.Add(new("No OIDC issuer is configured, so a kubeconfig could not say where kubectl gets your token; no kubeconfig is offered until there is one.",
                "The operator sets Nereid:Identity:KubeconfigIssuer (the API server's --oidc-issuer-url) or configures an issuer under Nereid:Identity:Oidc:Issuers."));
        var missing = CliPlatform.All.Where(p => Downloads.All(d => d.Platform != p)).Select(p => p.Label).ToList();
        if (missing.Count > 0)
            problems.Add(new($"The nereid CLI is not published on this server for {string.Join(", ", missing)}.",
                $"The operator runs scripts/publish-cli.sh and points Nereid:CliDownloads:Directory at its output (now {cli.Directory})."));
        Problems = problems;
    }

    /// <summary><c>12.3 MB</c>.</summary>
    public static string Megabytes(long bytes) => (bytes / 1_000_000.0).ToString("#,0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
