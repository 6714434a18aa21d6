using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Clusters;

public sealed class ReconcilerFixture : IAsyncLifetime
{
    public ClusterAppFactory App { get; private set; } = null!;
    public Person Admin { get; private set; } = null!;
    public Person Member { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await ClusterAppFactory.StartAsync();
        Admin = await App.CreatePersonAsync("rcadmin", Tier.Admin);
        Member = await App.CreatePersonAsync("rcmember", Tier.User);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class ReconcilerTests(ReconcilerFixture world) : IClassFixture<ReconcilerFixture>
{
    private ClusterAppFactory App => world.App;

    private async Task ConvergedAsync(string ns, Func<RoleBinding?, bool>? membersOk = null)
    {
        await Eventually.TrueAsync(async () =>
            await App.Admin.GetAsync<Namespace>(null, ns) is not null
            && await App.Admin.GetAsync<RoleBinding>(ns, "nereid-admins") is not null
            && (membersOk ?? (rb => rb is not null))(await App.Admin.GetAsync<RoleBinding>(ns, "nereid-members"))
            && await App.Admin.GetAsync<ResourceQuota>(ns, "nereid-quota") is { } q && q.Spec!.Hard!["requests.cpu"].ToString() == "64"
            && await App.Admin.GetAsync<LimitRange>(ns, "nereid-defaults") is not null
            && await App.Admin.GetAsync<NetworkPolicy>(ns, "nereid-isolation") is not null, $"{ns} never converged");
    }

    private async Task<string> StatusAsync(string ns)
    {
        using var http = App.CreateClient();
        var doc = await http.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{ns}/status");
        return doc.GetProperty("items")[0].GetProperty("condition").GetString()!;
    }

    [Fact]
    public async Task Reconcile_NewNamespace_ProjectsEveryObjectSchemaValidAndReportsReady()
    {
        await App.CreateNamespaceAsync("proj-new", world.Admin, world.Member);

        await ConvergedAsync("proj-new");
        var admins = await App.Admin.GetAsync<RoleBinding>("proj-new", "nereid-admins");
        admins!.Subjects!.Select(s => s.Name).ShouldBe(["oidc:rcadmin@example.edu"]);
        var ns = await App.Admin.GetAsync<Namespace>(null, "proj-new");
        ns!.Metadata.Labels!["pod-security.kubernetes.io/enforce"].ShouldBe("baseline");
        await Eventually.TrueAsync(async () => await StatusAsync("proj-new") == "Ready", "status never became Ready");
        (await App.Admin.GetAsync<ClusterRoleBinding>(null, "nereid-cluster-user")).ShouldNotBeNull();
        App.Kube.SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_Converged_ListsReadyProgressingDegradedConditions()
    {
        await App.CreateNamespaceAsync("proj-cond", world.Admin, world.Member);
        await ConvergedAsync("proj-cond");
        await Eventually.TrueAsync(async () => await StatusAsync("proj-cond") == "Ready", "status never became Ready");
        using var http = App.CreateClient();

        var doc = await http.GetFromJsonAsync<JsonElement>("/api/v1/namespaces/proj-cond/status");

        var conditions = doc.GetProperty("items")[0].GetProperty("conditions").EnumerateArray()
            .ToDictionary(c => c.GetProperty("type").GetString()!, c => (c.GetProperty("status").GetString(), c.GetProperty("reason").GetString()));
        conditions.ShouldBe(new Dictionary<string, (string?, string?)>
        {
            ["Ready"] = ("True", "Applied"), ["Progressing"] = ("False", "Applied"), ["Degraded"] = ("False", "AsExpected"),
        });
        var ready = doc.GetProperty("items")[0].GetProperty("conditions")[0];
        ready.GetProperty("lastTransitionTime").GetDateTime().ShouldBeLessThanOrEqualTo(DateTime.UtcNow);
        ready.GetProperty("observedGeneration").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Reconcile_SecondPass_WritesNothing()
    {
        await App.CreateNamespaceAsync("proj-steady", world.Admin, world.Member);
        await ConvergedAsync("proj-steady");
        var controller = await App.ControllerAsync();
        await Eventually.TrueAsync(async () => await StatusAsync("proj-steady") == "Ready", "status never became Ready");
        var before = await VersionsAsync("proj-steady");
        var writes = controller.Stats.Writes;
        var passes = controller.Stats.Passes;

        controller.Queue.Add(new NamespaceKey("proj-steady"));
        await Eventually.TrueAsync(() => Task.FromResult(controller.Stats.Passes > passes), "no second pass ran");

        (await VersionsAsync("proj-steady")).ShouldBe(before);
        controller.Stats.Writes.ShouldBe(writes);
    }

    [Fact]
    public async Task Reconcile_DriftByHand_IsRepaired()
    {
        await App.CreateNamespaceAsync("proj-drift", world.Admin, world.Member);
        await ConvergedAsync("proj-drift");

        await App.Admin.DeleteAsync<RoleBinding>("proj-drift", "nereid-members");
        // Deletion by hand of a binding, the quota and the network policy (editing by hand: Reconcile_EditedByHand_IsRepaired).
        await App.Admin.DeleteAsync<ResourceQuota>("proj-drift", "nereid-quota");
        await App.Admin.DeleteAsync<NetworkPolicy>("proj-drift", "nereid-isolation");

        await ConvergedAsync("proj-drift");
        App.Kube.SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reconcile_EditedByHand_IsRepaired()
    {
        await App.CreateNamespaceAsync("proj-edit", world.Admin, world.Member);
        await ConvergedAsync("proj-edit");
        var quota = (await App.Admin.GetAsync<ResourceQuota>("proj-edit", "nereid-quota"))!;
        quota.Spec!.Hard!["requests.cpu"] = "1";
        var members = (await App.Admin.GetAsync<RoleBinding>("proj-edit", "nereid-members"))!;
        members.Subjects!.Add(new Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = "oidc:intruder@example.edu" });

        await App.Admin.UpdateAsync(quota);
        await App.Admin.UpdateAsync(members);

        await ConvergedAsync("proj-edit", rb => rb?.Subjects?.Select(s => s.Name).SequenceEqual(["oidc:rcmember@example.edu"]) == true);
        App.Kube.SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reconcile_MemberAddedAndRemoved_BindingSubjectsFollow()
    {
        await App.CreateNamespaceAsync("proj-members", world.Admin);
        await ConvergedAsync("proj-members", rb => rb is null);
        await using var scope = App.Services.CreateAsyncScope();
        var svc = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        var actor = new Actor(world.Admin.Id, world.Admin.DisplayName, world.Admin.Tier);

        await svc.SetMemberAsync(actor, "proj-members", world.Member.Email, MembershipRole.Member, default);
        await ConvergedAsync("proj-members", rb => rb?.Subjects?.Select(s => s.Name).SequenceEqual(["oidc:rcmember@example.edu"]) == true);

        await svc.RemoveMemberAsync(actor, "proj-members", world.Member.Email, default);
        await ConvergedAsync("proj-members", rb => rb is null);
    }

    [Fact]
    public async Task NamespaceStatus_UnknownNamespace_Is404()
    {
        using var http = App.CreateClient();

        var response = await http.GetAsync("/api/v1/namespaces/no-such-ns/status");

        ((int)response.StatusCode).ShouldBe(404);
    }

    private async Task<Dictionary<string, string?>> VersionsAsync(string ns) => new()
    {
        ["ns"] = (await App.Admin.GetAsync<Namespace>(null, ns))?.Metadata.ResourceVersion,
        ["admins"] = (await App.Admin.GetAsync<RoleBinding>(ns, "nereid-admins"))?.Metadata.ResourceVersion,
        ["members"] = (await App.Admin.GetAsync<RoleBinding>(ns, "nereid-members"))?.Metadata.ResourceVersion,
        ["quota"] = (await App.Admin.GetAsync<ResourceQuota>(ns, "nereid-quota"))?.Metadata.ResourceVersion,
        ["limits"] = (await App.Admin.GetAsync<LimitRange>(ns, "nereid-defaults"))?.Metadata.ResourceVersion,
        ["netpol"] = (await App.Admin.GetAsync<NetworkPolicy>(ns, "nereid-isolation"))?.Metadata.ResourceVersion,
    };
}
