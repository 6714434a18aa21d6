using Microsoft.AspNetCore.Authorization;
using Nereid.Domain.People;
using Nereid.Server.Clusters;
using Nereid.Server.Identity;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages;

/// <summary>"Get config": the connected clusters and their kubeconfig downloads.</summary>
[Authorize]
public sealed class ConfigModel(KubeconfigService kubeconfigs) : NereidPageModel
{
    public IReadOnlyList<ConnectedCluster> Clusters { get; private set; } = [];

    public string? Issuer => kubeconfigs.Issuer;

    /// <summary>Users and above may download; guests see the list and what to do.</summary>
    public bool CanDownload => Actor?.AtLeast(Tier.User) == true;

    public void OnGet() => Clusters = kubeconfigs.Clusters;
}
