using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Clusters;
using static Nereid.Server.FunctionalTests.Federation.FederationWorld;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>Admiralty's namespace label <c>multicluster-scheduler=enabled</c>, projected by the namespace reconciler while the namespace is federated.</summary>
public sealed class FederationLabelTests
{
    [Fact]
    public async Task Put_FederatedThenOff_LabelOnlyWhileFederatedAndResyncWritesNothing()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("labelowner", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "labelled", owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "labelled") && await app.HasNamespaceAsync(West, "labelled"),
            "the namespace never reached both clusters");
        (await LabelAsync(app, East)).ShouldBeNull();

        (await api.PutAsJsonAsync("/api/v1/namespaces/labelled/federation", new { federated = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => await LabelAsync(app, East) == "enabled" && await LabelAsync(app, West) == "enabled",
            "the federated namespace never carried multicluster-scheduler=enabled on both clusters");
        var controller = app.Services.GetRequiredService<NamespaceControllers>().Controllers[East];
        var version = (await app.Admin(East).GetAsync<Namespace>(null, "labelled"))!.Metadata.ResourceVersion;
        var (writes, passes) = (controller.Stats.Writes, controller.Stats.Passes);
        controller.Queue.Add(new NamespaceKey("labelled"));
        await Eventually.TrueAsync(() => Task.FromResult(controller.Stats.Passes > passes), "no further pass ran");
        controller.Stats.Writes.ShouldBe(writes, "a resync of the labelled namespace wrote something");
        (await app.Admin(East).GetAsync<Namespace>(null, "labelled"))!.Metadata.ResourceVersion.ShouldBe(version);

        (await api.PutAsJsonAsync("/api/v1/namespaces/labelled/federation", new { federated = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => await LabelAsync(app, East) is null && await LabelAsync(app, West) is null,
            "the label stayed after federation was switched off");
        (await app.Admin(East).GetAsync<Namespace>(null, "labelled"))!.Metadata.Labels!["pod-security.kubernetes.io/enforce"].ShouldNotBeNullOrEmpty();
    }

    private static async Task<string?> LabelAsync(Placement.TwoClusterAppFactory app, string cluster) =>
        (await app.Admin(cluster).GetAsync<Namespace>(null, "labelled"))?.Metadata.Labels?.GetValueOrDefault("multicluster-scheduler");
}
