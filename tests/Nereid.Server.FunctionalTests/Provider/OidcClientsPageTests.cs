using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Provider.ApiAccess;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>/admin/oidc-clients: platform admins set a client's groups with the form; everyone else is refused.</summary>
public sealed class OidcClientsPageTests(ApiAccessApp app) : IClassFixture<ApiAccessApp>
{
    private async Task<string> RegisterAsync()
    {
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        using var response = await admin.PostAsJsonAsync("/api/v1/oidc-clients", new
        {
            displayName = "Team chat", confidential = false, redirectUris = new[] { ProviderFlow.RedirectUri },
            grants = new[] { "authorization_code" }, scopes = new[] { "openid", "groups" },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("client").GetProperty("clientId").GetString()!;
    }

    private async Task<string[]?> GroupsOfAsync(string clientId)
    {
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        var list = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/oidc-clients")).RootElement;
        var groups = list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == clientId).GetProperty("groupNamespaces");
        return groups.ValueKind == JsonValueKind.Null ? null : [.. groups.EnumerateArray().Select(g => g.GetString()!)];
    }

    [Fact]
    public async Task GroupsForm_ListedNamespaces_SavedAndShown()
    {
        var clientId = await RegisterAsync();
        using var browser = await PageClient.AdminAsync(app);

        var saved = await browser.SubmitAsync("/admin/oidc-clients",
            new() { ["clientId"] = clientId, ["mode"] = "listed", ["namespaces"] = "lab-b, lab-a" }, action: "/admin/oidc-clients?handler=Groups");
        var page = await browser.GetAsync("/admin/oidc-clients");

        saved.Status.ShouldBe(HttpStatusCode.Redirect, saved.Text);
        (await GroupsOfAsync(clientId)).ShouldBe(["lab-a", "lab-b"]);
        page.Decoded.ShouldContain("value=\"lab-a lab-b\"");
    }

    [Fact]
    public async Task GroupsForm_BadName_MessageAndNothingSaved()
    {
        var clientId = await RegisterAsync();
        using var browser = await PageClient.AdminAsync(app);

        var saved = await browser.SubmitAsync("/admin/oidc-clients",
            new() { ["clientId"] = clientId, ["mode"] = "listed", ["namespaces"] = "Lab_A" }, action: "/admin/oidc-clients?handler=Groups");

        saved.Status.ShouldBe(HttpStatusCode.BadRequest);
        saved.Decoded.ShouldContain("'Lab_A' is not a namespace name");
        (await GroupsOfAsync(clientId)).ShouldBeNull();
    }

    [Theory]
    [InlineData(Tier.User)]
    [InlineData(Tier.Admin)]
    public async Task Page_NotPlatformAdmin_Forbidden(Tier tier)
    {
        var userName = "occ-" + Guid.NewGuid().ToString("N")[..6];
        await app.CreatePersonAsync(userName, tier);
        using var browser = await PageClient.SignInAsync(app, userName, userName + "-password");

        (await browser.GetAsync("/admin/oidc-clients")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }
}
