using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>Every violations / policy-exceptions endpoint × every role.</summary>
public sealed class ViolationsAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, int> AllSignedIn = Enum.GetValues<Role>().ToDictionary(r => r, r => r == Role.Anonymous ? 401 : 200);

    private static readonly Dictionary<string, Dictionary<Role, int>> Expected = new()
    {
        ["list-violations"] = AllSignedIn,
        ["get-violation"] = new()
        {
            [Role.Anonymous] = 401, [Role.Guest] = 404, [Role.User] = 404, [Role.Member] = 200, [Role.TierAdmin] = 404,
            [Role.NamespaceAdmin] = 200, [Role.OtherNamespaceAdmin] = 404, [Role.PlatformAdmin] = 200, [Role.Demoted] = 404,
        },
        ["list-exceptions"] = AllSignedIn,
        ["create-exception"] = Enum.GetValues<Role>().ToDictionary(r => r, r => r switch { Role.Anonymous => 401, Role.PlatformAdmin => 201, _ => 403 }),
        ["delete-exception"] = Enum.GetValues<Role>().ToDictionary(r => r, r => r switch { Role.Anonymous => 401, Role.PlatformAdmin => 204, _ => 403 }),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Expected.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var (violation, exception) = await SeedAsync(scene);
        using var request = endpoint switch
        {
            "list-violations" => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/violations?namespace={scene.Namespace}&state=open"),
            "get-violation" => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/violations/{violation}"),
            "list-exceptions" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/policy-exceptions"),
            "create-exception" => new HttpRequestMessage(HttpMethod.Post, "/api/v1/policy-exceptions")
            {
                Content = JsonContent.Create(new { @namespace = scene.Namespace, pod = "p1", policy = "gpu-idle", reason = "benchmark", expiresAt = DateTime.UtcNow.AddDays(3) }),
            },
            _ => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/policy-exceptions/{exception}"),
        };
        using var response = await world.Client(role).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(Expected[endpoint][role], $"{endpoint} as {role}: {body}");
    }

    [Fact]
    public async Task ListViolations_NamespaceAdminAndOwner_SeeOnlyTheirs()
    {
        var scene = await world.SceneAsync();
        var (violation, _) = await SeedAsync(scene);

        var admin = await world.Client(Role.NamespaceAdmin).GetFromJsonAsync<ListBody>($"/api/v1/violations?namespace={scene.Namespace}");
        var other = await world.Client(Role.OtherNamespaceAdmin).GetFromJsonAsync<ListBody>($"/api/v1/violations?namespace={scene.Namespace}");
        var exceptionsForMember = await world.Client(Role.Member).GetFromJsonAsync<ListBody>("/api/v1/policy-exceptions");

        admin!.Items.Select(i => i.Id).ShouldBe([violation]);
        other!.Items.ShouldBeEmpty();
        exceptionsForMember!.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListViolations_MemberAndDemotedAdmin_MemberSeesTheNamespacesViolationWithItsWordsDemotedSeesNothing()
    {
        var scene = await world.SceneAsync();
        var (violation, _) = await SeedAsync(scene);

        var member = await world.Client(Role.Member).GetFromJsonAsync<ListBody>($"/api/v1/violations?namespace={scene.Namespace}");
        var demoted = await world.Client(Role.Demoted).GetFromJsonAsync<ListBody>($"/api/v1/violations?namespace={scene.Namespace}");

        var item = member!.Items.ShouldHaveSingleItem();
        item.Id.ShouldBe(violation);
        item.Words!.Evidence.ShouldBe("GPU utilisation averaged 3 % of 1 GPU over 6 hours; at least 40 % is expected.");
        demoted!.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task DetailPage_Member_OpensTheEmailedLinkWithTheNoticeWording()
    {
        var scene = await world.SceneAsync();
        var (violation, _) = await SeedAsync(scene);
        using var member = await world.App.ClientForAsync(world.People[Role.Member]);
        using var demoted = await world.App.ClientForAsync(world.People[Role.Demoted]);

        using var page = await member.GetAsync($"/violations/{violation}");
        using var refused = await demoted.GetAsync($"/violations/{violation}");
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        ((int)page.StatusCode).ShouldBe(200);
        html.ShouldContain("GPU utilisation averaged 3 % of 1 GPU over 6 hours; at least 40 % is expected.");
        html.ShouldContain("How to fix it");
        ((int)refused.StatusCode).ShouldBe(404);
    }

    private sealed record ListBody(List<Item> Items);
    private sealed record Item(Guid Id, Words? Words);
    private sealed record Words(string Problem, string Evidence, string Fix, string NextStep);

    private async Task<(Guid Violation, Guid Exception)> SeedAsync(Scene scene)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = DateTime.UtcNow;
        var v = new Violation
        {
            Policy = PolicyKind.GpuIdle, Cluster = "c1", Namespace = scene.Namespace, WorkloadKind = "Pod", WorkloadName = "p1", PodName = "p1",
            OwnerId = scene.Extra.Id, OwnerName = scene.Extra.Email, Summary = "idle", Evidence = "{\"value\":3,\"threshold\":40,\"windowSeconds\":21600,\"gpus\":1}", FirstSeenAt = now, LastSeenAt = now,
        };
        var e = new PolicyException { Namespace = scene.Namespace, Policy = PolicyKind.GpuIdle, Reason = "r", ExpiresAt = now.AddDays(1), CreatedAt = now, GrantedByName = "admin" };
        db.Set<Violation>().Add(v);
        db.Set<PolicyException>().Add(e);
        await db.SaveChangesAsync();
        return (v.Id, e.Id);
    }
}
