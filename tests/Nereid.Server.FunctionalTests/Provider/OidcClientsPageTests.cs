using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Provider.ApiAccess;
using Nereid.Server.Provider;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>
/// /admin/oidc-clients: platform admins register, change, rotate and delete clients through the same registry as the API
/// (its audit entries), a secret is shown once, a refused form comes back with its messages and input and saves nothing;
/// everyone else is refused on every handler.
/// </summary>
public sealed partial class OidcClientsPageTests(ApiAccessApp app) : IClassFixture<ApiAccessApp>
{
    private const string Page = "/admin/oidc-clients";

    private static string Handler(string name) => Page + "?handler=" + name;

    /// <summary>The register or edit form's fields as a browser posts them.</summary>
    private static Dictionary<string, string> Form(string? clientId = null, string name = "Team chat", bool confidential = false, string redirects = ProviderFlow.RedirectUri,
        string[]? grants = null, string[]? scopes = null, bool consent = false, string lifetime = "", string groupMode = "all", string namespaces = "")
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name, ["Input.Confidential"] = confidential ? "true" : "false", ["Input.RedirectUris"] = redirects,
            ["Input.PostLogoutRedirectUris"] = "", ["Input.ConsentRequired"] = consent ? "true" : "false", ["Input.AccessTokenLifetimeMinutes"] = lifetime,
            ["Input.GroupMode"] = groupMode, ["Input.GroupNamespaces"] = namespaces,
        };
        if (clientId is not null)
            fields["Input.ClientId"] = clientId;
        foreach (var (g, i) in (grants ?? [GrantTypes.AuthorizationCode]).Select((g, i) => (g, i)))
            fields[$"Input.Grants[{i}]"] = g;
        foreach (var (s, i) in (scopes ?? [Scopes.OpenId, PersonClaims.GroupsScope]).Select((s, i) => (s, i)))
            fields[$"Input.Scopes[{i}]"] = s;
        return fields;
    }

    private static string NewId() => "pg-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement?> ClientAsync(string clientId)
    {
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        var list = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/oidc-clients")).RootElement;
        return list.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("clientId").GetString() == clientId).Select(c => (JsonElement?)c.Clone()).SingleOrDefault();
    }

    private async Task<int> AuditCountAsync(string action, string clientId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.AuditEvents.CountAsync(e => e.Action == action && e.TargetId == clientId);
    }

    private static string Secret(PageResponse response) => SecretField().Match(response.Text).Groups[1].Value;

    [Fact]
    public async Task Register_PublicClient_SavedAuditedAndListed()
    {
        using var browser = await PageClient.AdminAsync(app);
        var id = NewId();

        var saved = await browser.SubmitAsync(Page, Form(id, "Team chat", consent: true, lifetime: "5", groupMode: "listed", namespaces: "lab-b lab-a"), Handler("Register"));
        var page = await browser.GetAsync(Page);

        saved.Status.ShouldBe(HttpStatusCode.Redirect, saved.Text);
        var client = (await ClientAsync(id)).ShouldNotBeNull();
        client.GetProperty("displayName").GetString().ShouldBe("Team chat");
        client.GetProperty("confidential").GetBoolean().ShouldBeFalse();
        client.GetProperty("consentRequired").GetBoolean().ShouldBeTrue();
        client.GetProperty("redirectUris")[0].GetString().ShouldBe(ProviderFlow.RedirectUri);
        client.GetProperty("accessTokenLifetimeMinutes").GetInt32().ShouldBe(5);
        client.GetProperty("groupNamespaces").EnumerateArray().Select(e => e.GetString()).ShouldBe(["lab-a", "lab-b"]);
        (await AuditCountAsync("provider.client.register", id)).ShouldBe(1);
        page.Decoded.ShouldContain(id);
        page.Text.ShouldNotContain("id=\"client-secret\"");
    }

    [Fact]
    public async Task Register_Confidential_SecretShownOnceWorksAndRotationReplacesIt()
    {
        using var browser = await PageClient.AdminAsync(app);
        var id = NewId();
        var flow = new ProviderFlow(app);

        var created = await browser.SubmitAsync(Page, Form(id, "Grafana", confidential: true, redirects: "", grants: [GrantTypes.ClientCredentials], scopes: [], lifetime: "5"), Handler("Register"));
        created.Status.ShouldBe(HttpStatusCode.OK, created.Text);
        var secret = Secret(created);
        secret.Length.ShouldBeGreaterThan(30);
        var again = await browser.GetAsync(Page);
        var (status, body) = await flow.ClientCredentialsAsync(new ProviderFlow.Client(id, secret));

        again.Text.ShouldNotContain(secret);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        // expires_in counts from the answer, a second may have passed; the token's own lifetime is exact.
        body.GetProperty("expires_in").GetInt32().ShouldBeInRange(290, 300);
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        (token.ValidTo - token.IssuedAt).ShouldBe(TimeSpan.FromMinutes(5));

        var rotated = await browser.SubmitAsync(Page, new() { ["clientId"] = id }, Handler("RotateSecret"));
        rotated.Status.ShouldBe(HttpStatusCode.OK, rotated.Text);
        var newSecret = Secret(rotated);
        newSecret.ShouldNotBe(secret);
        (await browser.GetAsync(Page)).Text.ShouldNotContain(newSecret);
        (await flow.ClientCredentialsAsync(new ProviderFlow.Client(id, secret))).Body.GetProperty("error").GetString().ShouldBe(Errors.InvalidClient);
        (await flow.ClientCredentialsAsync(new ProviderFlow.Client(id, newSecret))).Status.ShouldBe(HttpStatusCode.OK);
        (await AuditCountAsync("provider.client.rotate-secret", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Register_BadFields_MessagesBesideFieldsInputKeptNothingSaved()
    {
        using var browser = await PageClient.AdminAsync(app);
        var id = NewId();

        var refused = await browser.SubmitAsync(Page,
            Form(id, "Bad one", redirects: "http://app.example.edu/cb\nhttps://ok.example.edu/cb", scopes: [Scopes.OpenId, "payroll"], lifetime: "soon"), Handler("Register"));
        var redirectRefused = await browser.SubmitAsync(Page, Form(id, "Bad one", redirects: "http://app.example.edu/cb", grants: [GrantTypes.ClientCredentials]), Handler("Register"));

        refused.Status.ShouldBe(HttpStatusCode.BadRequest);
        refused.Decoded.ShouldContain("Give a whole number of minutes");
        refused.Decoded.ShouldContain("value=\"soon\"");
        refused.Decoded.ShouldContain("value=\"Bad one\"");
        redirectRefused.Status.ShouldBe(HttpStatusCode.BadRequest);
        redirectRefused.Decoded.ShouldContain("'http://app.example.edu/cb' is not an absolute https URI");
        redirectRefused.Decoded.ShouldContain("A public client cannot use client_credentials");
        redirectRefused.Decoded.ShouldContain(">http://app.example.edu/cb</textarea>");
        redirectRefused.Text.ShouldContain("id=\"new-redirects\" name=\"Input.RedirectUris\" aria-invalid=\"true\"");
        (await ClientAsync(id)).ShouldBeNull();
        (await AuditCountAsync("provider.client.register", id)).ShouldBe(0);
    }

    [Fact]
    public async Task Update_ChangesSavedAndAudited_BadChangeRefusedAndNothingSaved()
    {
        using var browser = await PageClient.AdminAsync(app);
        var id = NewId();
        (await browser.SubmitAsync(Page, Form(id, "Wiki"), Handler("Register"))).Status.ShouldBe(HttpStatusCode.Redirect);

        var saved = await browser.SubmitAsync(Page,
            Form(name: "Lab wiki", redirects: "https://wiki.example.edu/cb", grants: [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken], consent: true, lifetime: "3",
                groupMode: "listed", namespaces: "lab-b, lab-a"), Handler("Update") + "&clientId=" + id);
        var refused = await browser.SubmitAsync(Page, Form(name: "Renamed", redirects: "https://wiki.example.edu/cb#frag"), Handler("Update") + "&clientId=" + id);
        var typeChange = await browser.SubmitAsync(Page, Form(name: "Lab wiki", confidential: true, redirects: "https://wiki.example.edu/cb"), Handler("Update") + "&clientId=" + id);

        saved.Status.ShouldBe(HttpStatusCode.Redirect, saved.Text);
        refused.Status.ShouldBe(HttpStatusCode.BadRequest);
        refused.Decoded.ShouldContain("is not an absolute https URI without fragment");
        refused.Decoded.ShouldContain("value=\"Renamed\"");
        typeChange.Status.ShouldBe(HttpStatusCode.BadRequest);
        typeChange.Decoded.ShouldContain("A client's type cannot change");
        var client = (await ClientAsync(id)).ShouldNotBeNull();
        client.GetProperty("displayName").GetString().ShouldBe("Lab wiki");
        client.GetProperty("redirectUris").EnumerateArray().Select(e => e.GetString()).ShouldBe(["https://wiki.example.edu/cb"]);
        client.GetProperty("grants").EnumerateArray().Select(e => e.GetString()).ShouldBe([GrantTypes.AuthorizationCode, GrantTypes.RefreshToken]);
        client.GetProperty("consentRequired").GetBoolean().ShouldBeTrue();
        client.GetProperty("accessTokenLifetimeMinutes").GetInt32().ShouldBe(3);
        client.GetProperty("groupNamespaces").EnumerateArray().Select(e => e.GetString()).ShouldBe(["lab-a", "lab-b"]);
        (await AuditCountAsync("provider.client.update", id)).ShouldBe(1);
        (await browser.GetAsync(Page)).Decoded.ShouldContain("value=\"lab-a lab-b\"");
    }

    [Fact]
    public async Task Update_AccessTokenLifetimeBeyondLongestToken_Refused()
    {
        using var browser = await PageClient.AdminAsync(app);
        var id = NewId();
        (await browser.SubmitAsync(Page, Form(id), Handler("Register"))).Status.ShouldBe(HttpStatusCode.Redirect);

        var refused = await browser.SubmitAsync(Page, Form(lifetime: "100000"), Handler("Update") + "&clientId=" + id);

        refused.Status.ShouldBe(HttpStatusCode.BadRequest);
        refused.Decoded.ShouldContain("Give between 1 minute and");
        (await ClientAsync(id)).ShouldNotBeNull().GetProperty("accessTokenLifetimeMinutes").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Delete_ClientGoneAuditedAndItsTokensRefused()
    {
        using var browser = await PageClient.AdminAsync(app);
        var id = NewId();
        var created = await browser.SubmitAsync(Page, Form(id, "Doomed", confidential: true, redirects: "", grants: [GrantTypes.ClientCredentials], scopes: []), Handler("Register"));
        var secret = Secret(created);
        var flow = new ProviderFlow(app);
        (await flow.ClientCredentialsAsync(new ProviderFlow.Client(id, secret))).Status.ShouldBe(HttpStatusCode.OK);

        var unconfirmed = await browser.SubmitAsync(Page, new() { ["clientId"] = id, ["confirm"] = "Doomed" }, Handler("Delete"));
        unconfirmed.Status.ShouldBe(HttpStatusCode.BadRequest, unconfirmed.Text);
        unconfirmed.Decoded.ShouldContain($"Type the client id ({id}) to delete it");
        (await ClientAsync(id)).ShouldNotBeNull("a delete without the typed id changes nothing");
        (await AuditCountAsync("provider.client.delete", id)).ShouldBe(0);

        var deleted = await browser.SubmitAsync(Page, new() { ["clientId"] = id, ["confirm"] = id }, Handler("Delete"));
        var missing = await browser.SubmitAsync(Page, new() { ["clientId"] = id, ["confirm"] = id }, Handler("Delete"));

        deleted.Status.ShouldBe(HttpStatusCode.Redirect, deleted.Text);
        (await ClientAsync(id)).ShouldBeNull();
        (await AuditCountAsync("provider.client.delete", id)).ShouldBe(1);
        (await flow.ClientCredentialsAsync(new ProviderFlow.Client(id, secret))).Body.GetProperty("error").GetString().ShouldBe(Errors.InvalidClient);
        missing.Status.ShouldBe(HttpStatusCode.NotFound);
        missing.Decoded.ShouldContain($"No client '{id}' is registered.");
    }

    public enum PageRole { Anonymous, Guest, User, TierAdmin, NamespaceAdmin, PlatformAdmin }

    /// <summary>The page's GET and every POST handler, each with what a platform admin gets (others get 403, anonymous the sign-in redirect).</summary>
    public static TheoryData<string, PageRole> Cells()
    {
        var data = new TheoryData<string, PageRole>();
        foreach (var handler in new[] { "GET", "Register", "Update", "RotateSecret", "Delete" })
        {
            foreach (var role in Enum.GetValues<PageRole>())
                data.Add(handler, role);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Handler_Role_OnlyPlatformAdminsAllowed(string handler, PageRole role)
    {
        var id = NewId();
        using (var admin = await PageClient.AdminAsync(app))
            (await admin.SubmitAsync(Page, Form(id, "Matrix", confidential: true, redirects: "", grants: [GrantTypes.ClientCredentials], scopes: []), Handler("Register")))
                .Status.ShouldBe(HttpStatusCode.OK);
        using var browser = await BrowserAsync(role);
        var fields = handler switch
        {
            "Register" => Form(NewId(), "Matrix two"),
            "Update" => Form(name: "Renamed by " + role, confidential: true, redirects: "", grants: [GrantTypes.ClientCredentials], scopes: []),
            "Delete" => new Dictionary<string, string> { ["clientId"] = id, ["confirm"] = id },
            _ => new Dictionary<string, string> { ["clientId"] = id },
        };
        var action = handler == "Update" ? Handler("Update") + "&clientId=" + id : Handler(handler);

        var response = handler == "GET" ? await browser.GetAsync(Page)
            : role == PageRole.Anonymous ? await browser.PostAsync(action, fields)
            : await browser.SubmitAsync(role == PageRole.PlatformAdmin ? Page : "/profile", fields, action);

        var expected = (role, handler) switch
        {
            (PageRole.PlatformAdmin, "GET" or "RotateSecret") => HttpStatusCode.OK,
            (PageRole.PlatformAdmin, _) => HttpStatusCode.Redirect,
            // The /Admin folder asks for a session first: anonymous visitors are sent to sign in, before antiforgery or the handler.
            (PageRole.Anonymous, _) => HttpStatusCode.Redirect,
            _ => HttpStatusCode.Forbidden,
        };
        response.Status.ShouldBe(expected, response.Text);
        var client = await ClientAsync(id);
        if (role != PageRole.PlatformAdmin)
        {
            client.ShouldNotBeNull().GetProperty("displayName").GetString().ShouldBe("Matrix");
            (await AuditCountAsync("provider.client.rotate-secret", id)).ShouldBe(0);
        }
        if (role == PageRole.Anonymous)
            response.Location.ShouldNotBeNull().ShouldContain("/login");
    }

    private async Task<PageClient> BrowserAsync(PageRole role)
    {
        if (role == PageRole.Anonymous)
            return PageClient.Anonymous(app);
        if (role == PageRole.PlatformAdmin)
            return await PageClient.AdminAsync(app);
        var userName = "occ-" + Guid.NewGuid().ToString("N")[..6];
        var person = await app.CreatePersonAsync(userName, role switch { PageRole.Guest => Tier.Guest, PageRole.TierAdmin => Tier.Admin, _ => Tier.User });
        if (role == PageRole.NamespaceAdmin)
        {
            var admin = await app.AdminAsync();
            var ns = "occ-" + Guid.NewGuid().ToString("N")[..6];
            await app.CreateNamespaceAsync(admin, ns);
            await app.AddMemberAsync(admin, ns, person, MembershipRole.Admin);
        }
        return await PageClient.SignInAsync(app, userName, userName + "-password");
    }

    [GeneratedRegex("<p class=\"secret\" id=\"client-secret\">([^<]+)</p>")]
    private static partial Regex SecretField();
}
