using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Provider.ApiAccess;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Per-client groups: a client restricted to some namespaces gets only their groups in the ID token, access token and userinfo.</summary>
public sealed class ClientGroupsTests : IClassFixture<ApiAccessApp>
{
    private readonly ApiAccessApp _app;
    private readonly ApiTokens _tokens;

    public ClientGroupsTests(ApiAccessApp app)
    {
        _app = app;
        _tokens = new ApiTokens(app);
    }

    /// <summary>A person who administers one namespace and is a member of another, signed in.</summary>
    private async Task<(string Administered, string Member, PageClient Browser)> PersonInTwoNamespacesAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var person = await _app.CreatePersonAsync("grp-" + id, Tier.Admin);
        var other = await _app.CreatePersonAsync("grpo-" + id, Tier.Admin);
        var (administered, member) = ("grp-a-" + id, "grp-m-" + id);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            await namespaces.CreateAsync(MatrixWorld.ActorOf(person), new NamespaceInput(administered, "UC Davis", ["Dr. PI"], [], [], "Groups test.", []), default);
            await namespaces.CreateAsync(MatrixWorld.ActorOf(other), new NamespaceInput(member, "UC Davis", ["Dr. PI"], [], [], "Groups test.", []), default);
            await namespaces.SetMemberAsync(MatrixWorld.ActorOf(other), member, person.Email, Nereid.Domain.Namespaces.MembershipRole.Member, default);
        }
        return (administered, member, await PageClient.SignInAsync(_app, "grp-" + id, "grp-" + id + "-password"));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> AdminSendAsync(HttpMethod method, string url, object? body)
    {
        using var admin = await _app.ClientForAsync(await _app.AdminAsync());
        using var response = await admin.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<ProviderFlow.Client> RegisterAsync(string[]? groupNamespaces)
    {
        var (status, body) = await AdminSendAsync(HttpMethod.Post, "/api/v1/oidc-clients", new
        {
            displayName = "Grafana", confidential = false, redirectUris = new[] { ProviderFlow.RedirectUri },
            grants = new[] { "authorization_code", "refresh_token" }, scopes = new[] { "openid", "groups", "offline_access" }, groupNamespaces,
        });
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        return new ProviderFlow.Client(body.GetProperty("client").GetProperty("clientId").GetString()!, null);
    }

    private async Task<string[]> IdTokenGroupsAsync(JsonElement tokens) =>
        ProviderFlow.Groups(await _tokens.Flow.ValidateAsync(tokens.GetProperty("id_token").GetString()!)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Token_ClientRestrictedToOneNamespace_OnlyItsGroupsEverywhere()
    {
        var (administered, _, browser) = await PersonInTwoNamespacesAsync();
        using var session = browser;
        var client = await RegisterAsync([administered]);

        var tokens = await _tokens.GrantAsync(browser, client, "openid groups offline_access");
        var (infoStatus, info) = await _tokens.Flow.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
        var access = ProviderFlow.Groups(await _tokens.Flow.ValidateAsync(tokens.GetProperty("access_token").GetString()!));

        (await IdTokenGroupsAsync(tokens)).ShouldBe([$"ns:{administered}", $"ns:{administered}:admin"]);
        access.Order(StringComparer.Ordinal).ShouldBe([$"ns:{administered}", $"ns:{administered}:admin"]);
        infoStatus.ShouldBe(HttpStatusCode.OK, info);
        JsonDocument.Parse(info).RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetString()).Order(StringComparer.Ordinal)
            .ShouldBe([$"ns:{administered}", $"ns:{administered}:admin"]);
    }

    [Fact]
    public async Task PutGroups_ThenRefresh_GroupsFollowAndAudited()
    {
        var (administered, member, browser) = await PersonInTwoNamespacesAsync();
        using var session = browser;
        var client = await RegisterAsync(null);
        var tokens = await _tokens.GrantAsync(browser, client, "openid groups offline_access");
        (await IdTokenGroupsAsync(tokens)).ShouldBe(new[] { $"ns:{administered}", $"ns:{administered}:admin", $"ns:{member}" }.Order(StringComparer.Ordinal).ToArray());

        var (putStatus, view) = await AdminSendAsync(HttpMethod.Put, $"/api/v1/oidc-clients/{client.Id}/groups", new { namespaces = new[] { member } });
        var (_, refreshed) = await _tokens.Flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        putStatus.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("groupNamespaces").EnumerateArray().Select(n => n.GetString()).ShouldBe([member]);
        (await IdTokenGroupsAsync(refreshed)).ShouldBe([$"ns:{member}"]);
        var (allStatus, _) = await AdminSendAsync(HttpMethod.Put, $"/api/v1/oidc-clients/{client.Id}/groups", new { namespaces = (string[]?)null });
        allStatus.ShouldBe(HttpStatusCode.OK);
        var (_, again) = await _tokens.Flow.RefreshAsync(client, refreshed.GetProperty("refresh_token").GetString()!);
        (await IdTokenGroupsAsync(again)).Length.ShouldBe(3);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.AuditEvents.CountAsync(e => e.Action == "provider.client.groups" && e.TargetId == client.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task PutGroups_NotANamespaceName_400AndUnchanged()
    {
        var client = await RegisterAsync(["lab-a"]);

        var (status, problem) = await AdminSendAsync(HttpMethod.Put, $"/api/v1/oidc-clients/{client.Id}/groups", new { namespaces = new[] { "lab-b", "Bad_Name" } });

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("namespaces")[0].GetString().ShouldNotBeNull().ShouldContain("Bad_Name");
        var (_, list) = await AdminSendAsync(HttpMethod.Get, "/api/v1/oidc-clients", null);
        list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == client.Id)
            .GetProperty("groupNamespaces").EnumerateArray().Select(n => n.GetString()).ShouldBe(["lab-a"]);
    }
}
