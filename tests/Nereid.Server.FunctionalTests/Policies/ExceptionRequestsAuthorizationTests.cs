using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>Every /api/v1/policy-exception-requests endpoint × every role, the Demoted column included.</summary>
public sealed class ExceptionRequestsAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static Dictionary<Role, int> Only(int allowed, params Role[] roles) =>
        Enum.GetValues<Role>().ToDictionary(r => r, r => r == Role.Anonymous ? 401 : roles.Contains(r) ? allowed : 403);

    private static readonly Dictionary<string, Dictionary<Role, int>> Expected = new()
    {
        ["list"] = Enum.GetValues<Role>().ToDictionary(r => r, r => r == Role.Anonymous ? 401 : 200),
        // The requester is the namespace admin; a demoted admin's dormant admin row shows nothing.
        ["get"] = Enum.GetValues<Role>().ToDictionary(r => r, r => r switch { Role.Anonymous => 401, Role.NamespaceAdmin or Role.PlatformAdmin => 200, _ => 404 }),
        ["create"] = Only(201, Role.NamespaceAdmin, Role.PlatformAdmin),
        ["approve"] = Only(200, Role.PlatformAdmin),
        ["deny"] = Only(200, Role.PlatformAdmin),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Expected.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var id = await SeedAsync(scene);
        const string Base = "/api/v1/policy-exception-requests";
        using var request = endpoint switch
        {
            "list" => new HttpRequestMessage(HttpMethod.Get, Base + "?state=pending"),
            "get" => new HttpRequestMessage(HttpMethod.Get, $"{Base}/{id}"),
            "create" => new HttpRequestMessage(HttpMethod.Post, Base)
            {
                Content = JsonContent.Create(new { @namespace = scene.Namespace, pod = "trainer", policy = "gpu-idle", reason = "Benchmarking the data loader", durationDays = 7 }),
            },
            "approve" => new HttpRequestMessage(HttpMethod.Post, $"{Base}/{id}/approve") { Content = JsonContent.Create(new { note = "ok for a week" }) },
            _ => new HttpRequestMessage(HttpMethod.Post, $"{Base}/{id}/deny") { Content = JsonContent.Create(new { note = "use a smaller GPU" }) },
        };
        using var response = await world.Client(role).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(Expected[endpoint][role], $"{endpoint} as {role}: {body}");
    }

    private async Task<Guid> SeedAsync(Scene scene)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var admin = world.People[Role.NamespaceAdmin];
        var row = PolicyExceptionRequest.Create(scene.Namespace, "trainer", PolicyKind.GpuIdle, null, "Benchmarking", 7, admin.Id, admin.DisplayName, DateTime.UtcNow);
        db.Set<PolicyExceptionRequest>().Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
