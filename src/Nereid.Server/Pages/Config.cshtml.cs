using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.CliDownloads;
using Nereid.Server.Clusters;
using Nereid.Server.ClusterTrust;
using Nereid.Server.Identity;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;
using OpenIddict.Server;

namespace Nereid.Server.Pages;

/// <summary>One thing the operator still has to set up before people can use kubectl, and how.</summary>
internal sealed record ConfigProblem(string What, string Fix);

/// <summary>
/// "Get config": checks that kubeconfigs can work (a cluster, an issuer, the CLI builds) and says what is missing
/// instead of offering broken files; then the steps per operating system, the CLI downloads with their SHA-256
/// checksums, and the kubeconfig of each cluster.
/// </summary>
[Authorize]
internal sealed class ConfigModel(KubeconfigService kubeconfigs, CliDownloadCatalog cli, NereidDbContext db, ClusterTrustSettings trust,
    IOptionsMonitor<OpenIddictServerOptions> provider) : NereidPageModel
{
    /// <summary>Clusters that trust Nereid's issuer: their kubeconfigs get tokens from Nereid, signed in to with its own command.</summary>
    public IReadOnlySet<string> Trusting { get; private set; } = new HashSet<string>();

    /// <summary>Nereid's own issuer, which trusting clusters' kubeconfigs name.</summary>
    public string NereidIssuerUrl => NereidIssuer.Url(provider.CurrentValue, Request);

    /// <summary>A kubeconfig of <paramref name="cluster"/> can be built: the cluster trusts Nereid, or an upstream issuer is configured.</summary>
    public bool KubeconfigWorks(ConnectedCluster cluster) => Trusting.Contains(cluster.Name) || Issuer is not null;

    public IReadOnlyList<ConnectedCluster> Clusters { get; private set; } = [];

    public string? Issuer => kubeconfigs.Issuer;

    /// <summary>The CLI builds on offer.</summary>
    public IReadOnlyList<CliDownload> Downloads { get; private set; } = [];

    /// <summary>What the operator has to fix; empty when everything is in place.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; private set; } = [];

    /// <summary>Users and above may download; guests see the list and what to do.</summary>
    public bool CanDownload => Actor?.AtLeast(Tier.User) == true;


    /// <summary>The CLI client id the login step names (the first cluster's).</summary>
    public string ClientId => Clusters.FirstOrDefault()?.Info.OidcClientId ?? "nereid";

    /// <summary>The namespace the test command's expected output shows (the person's first), or an example.</summary>
    public string ExampleNamespace { get; private set; } = "my-lab";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Clusters = kubeconfigs.Clusters;
        Trusting = await trust.TrustingAsync(ct);
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
        if (Issuer is null && Clusters.Any(c => !Trusting.Contains(c.Name)))
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
