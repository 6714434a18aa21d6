using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Policies;
using Nereid.Server.Namespaces;
using Nereid.Server.Outages;

namespace Nereid.Server.FunctionalTests.Outages;

/// <summary>A cluster's API server gone while someone asks for what lives on it: a clear 503 naming the cluster, not a 500.</summary>
public sealed class ClusterOutageTests
{
    private const string Ns = "outage-team";

    [Fact]
    public async Task VolumesList_ClusterApiServerDown_503WithRetryAfterNamingTheCluster()
    {
        var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), default);
        using var client = DoubleClient.Admin(kube);
        using var app = new PolicyApp(new StaticClusterConnections([new ConnectedCluster("double", client, new ClusterPublicInfo(kube.BaseAddress.ToString(), kube.CaCertificatePem, "nereid", null))]));
        app.With("Nereid:Policies:Enabled", "false");
        var admin = await app.CreatePersonAsync("outage-admin", Tier.Admin);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NamespaceService>().CreateAsync(MatrixWorld.ActorOf(admin),
                new NamespaceInput(Ns, "UC San Diego", ["Prof. Example"], [], ["PyTorch"], "Outage team.", []), default);
        }
        using var api = await app.ClientForAsync(admin);
        await client.CreateAsync(new Nereid.Kubernetes.Models.Namespace { Metadata = { Name = Ns } });
        (await api.GetAsync($"/api/v1/namespaces/{Ns}/volumes")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The API server goes away: connections to it are refused from now on.
        await kube.DisposeAsync();

        using var down = await api.GetAsync($"/api/v1/namespaces/{Ns}/volumes");
        down.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        down.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(OutageResponse.RetryAfterSeconds));
        down.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(503);
        problem.RootElement.GetProperty("type").GetString().ShouldBe(OutageResponse.ProblemType);
        problem.RootElement.GetProperty("dependency").GetString().ShouldBe(DependencyOutage.Cluster);
        problem.RootElement.GetProperty("title").GetString()!.ShouldContain("cluster");
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("cannot reach the Kubernetes cluster");
    }
}
