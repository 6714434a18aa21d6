using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Clusters;

public sealed class ImportTests
{
    [Fact]
    public async Task Import_DryRunThenReal_PlansWithoutWritingThenAdoptsWithMembers()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        var known = await app.CreatePersonAsync("legacyadmin", Tier.User);
        await app.Admin.ApplyAsync(new Namespace
        {
            Metadata = new ObjectMeta { Name = "legacy-lab", Annotations = new() { ["nereid.io/pis"] = "Dr. Old, Dr. Older" } },
        }, "setup");
        await app.Admin.ApplyAsync(new RoleBinding
        {
            Metadata = new ObjectMeta { Name = "lab-admins", Namespace = "legacy-lab" },
            RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "admin" },
            Subjects = [new Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = "oidc:legacyadmin@example.edu" }],
        }, "setup");
        await app.Admin.ApplyAsync(new RoleBinding
        {
            Metadata = new ObjectMeta { Name = "lab-edit", Namespace = "legacy-lab" },
            RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "edit" },
            Subjects = [new Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = "oidc:stranger@elsewhere.edu" }],
        }, "setup");
        using var admin = await app.ClientForAsync(await app.AdminAsync());

        var plan = await (await admin.PostAsync("/api/v1/clusters/test/import?dryRun=true", null)).Content.ReadFromJsonAsync<JsonElement>();

        var item = plan.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("name").GetString().ShouldBe("legacy-lab");
        item.GetProperty("admins")[0].GetString().ShouldBe("legacyadmin@example.edu");
        item.GetProperty("unknownUsers")[0].GetString().ShouldBe("stranger@elsewhere.edu");
        (await admin.GetAsync("/api/v1/namespaces/legacy-lab")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var real = await admin.PostAsync("/api/v1/clusters/test/import?dryRun=false", null);

        real.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ns = await admin.GetFromJsonAsync<JsonElement>("/api/v1/namespaces/legacy-lab");
        ns.GetRawText().ShouldContain("Dr. Older");
        var members = await admin.GetFromJsonAsync<JsonElement>("/api/v1/namespaces/legacy-lab/members");
        members.GetRawText().ShouldContain(known.Email);
    }

    [Fact]
    public async Task ClustersPage_PlatformAdmin_ListsTheConnectedCluster()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        using var admin = await app.ClientForAsync(await app.AdminAsync());

        var html = await admin.GetStringAsync("/clusters");

        html.ShouldContain("Reachable");
        html.ShouldNotContain("No cluster is connected");
    }
}

public sealed class ClustersPageDefaultTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task ClustersPage_EmbeddedDefault_SaysNoClusterIsConnected()
    {
        var html = await world.Client(Authorization.Role.PlatformAdmin).GetStringAsync("/clusters");

        html.ShouldContain("No cluster is connected");
    }

    [Fact]
    public async Task ClustersPage_PlainUser_IsForbidden()
    {
        var response = await world.Client(Authorization.Role.User).GetAsync("/clusters");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
