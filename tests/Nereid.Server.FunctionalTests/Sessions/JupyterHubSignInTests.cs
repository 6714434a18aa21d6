using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Provider.OpenIdClient;
using Nereid.Server.FunctionalTests.Resources;
using Nereid.Server.Namespaces;
using Nereid.TestSupport.JupyterHub;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>
/// The sessions world on Kestrel with its provider over loopback HTTP, and a second real JupyterHub of its own (started
/// once for <see cref="JupyterHubSignInTests"/>) that signs people in through Nereid, registered through the API as a
/// confidential client admitting members of <c>lab-x</c>.
/// </summary>
public sealed class OAuthHubWorld : SessionsWorld
{
    public JupyterHubServer Hub { get; private set; } = null!;

    public Uri ServerAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override async Task ConfigureAsync(ClusterAppFactory app)
    {
        Hub = await JupyterHubServer.StartAsync(nereidSignIn: true);
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.With("Nereid:Provider:AllowHttp", "true");
    }

    /// <summary>Registers the hub with Nereid as a platform admin would, through <c>POST /api/v1/oidc-clients</c>, and hands it the client.</summary>
    public async Task RegisterHubAsync()
    {
        await Hub.SetNereidAsync(ServerAddress);
        using var admin = await App.ClientForAsync(await App.AdminAsync());
        using var response = await admin.PostAsJsonAsync("/api/v1/oidc-clients", new
        {
            clientId = "jupyterhub-" + Guid.NewGuid().ToString("N")[..8],
            displayName = "JupyterHub",
            confidential = true,
            redirectUris = new[] { Hub.OAuthCallback.ToString() },
            grants = new[] { "authorization_code" },
            scopes = new[] { "openid", "profile", "email", "groups" },
        });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var created = JsonNode.Parse(body)!;
        await Hub.SetOAuthClientAsync(created["client"]!["clientId"]!.GetValue<string>(), created["secret"]!.GetValue<string>(), [$"ns:{GpuLab}"]);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Hub is not null)
            await Hub.DisposeAsync();
    }
}

/// <summary>
/// A real JupyterHub signs people in through Nereid (code flow with PKCE, groups from userinfo) and admits only members of
/// the allowed namespace group. The test plays the person's browser with their Nereid session cookie, following every
/// redirect between the hub and Nereid itself.
/// </summary>
public sealed class JupyterHubSignInTests(OAuthHubWorld world) : IClassFixture<OAuthHubWorld>
{
    /// <summary>What the hub's callback says when the groups hold no allowed namespace (a failed code exchange is a 502).</summary>
    private const string NotAMember = "not a member of a namespace allowed to use this hub";

    [Fact]
    public async Task Login_MemberOfAllowedNamespace_HubCreatesTheirUser()
    {
        await world.RegisterHubAsync();
        var person = await NewPersonAsync("hubmember", member: true);

        var callback = await SignInThroughNereidAsync(person);

        callback.Status.ShouldBe(HttpStatusCode.Found, callback.Text + world.Hub.Log);
        var user = (await HubUserAsync("hubmember")).ShouldNotBeNull(world.Hub.Log);
        user["name"]!.GetValue<string>().ShouldBe("hubmember");
    }

    [Fact]
    public async Task Login_NotAMemberOfTheAllowedNamespace_RefusedByTheHub()
    {
        await world.RegisterHubAsync();
        var person = await NewPersonAsync("hubstranger", member: false);

        var callback = await SignInThroughNereidAsync(person);

        callback.Status.ShouldBe(HttpStatusCode.Forbidden, callback.Text + world.Hub.Log);
        callback.Text.ShouldContain(NotAMember);
        (await HubUserAsync("hubstranger")).ShouldBeNull();
    }

    [Fact]
    public async Task Login_MemberRemovedFromTheNamespace_RefusedAtTheirNextLogin()
    {
        await world.RegisterHubAsync();
        var person = await NewPersonAsync("hubleaver", member: true);
        var first = await SignInThroughNereidAsync(person);
        first.Status.ShouldBe(HttpStatusCode.Found, first.Text + world.Hub.Log);
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NamespaceService>()
                .RemoveMemberAsync(MatrixWorld.ActorOf(world.LabAdmin), SessionsWorld.GpuLab, person.Email, default);
        }

        var next = await SignInThroughNereidAsync(person);

        next.Status.ShouldBe(HttpStatusCode.Forbidden, next.Text + world.Hub.Log);
        next.Text.ShouldContain(NotAMember);
    }

    private async Task<Person> NewPersonAsync(string userName, bool member)
    {
        var person = await world.App.CreatePersonAsync(userName, Tier.User);
        if (member)
        {
            await using var scope = world.App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<NamespaceService>()
                .SetMemberAsync(MatrixWorld.ActorOf(world.LabAdmin), SessionsWorld.GpuLab, person.Email, MembershipRole.Member, default);
        }
        return person;
    }

    /// <summary>
    /// Signs in at Nereid's portal, opens the hub's login, and follows the redirects (hub → Nereid's authorize → hub's
    /// callback); returns the hub's answer at its callback.
    /// </summary>
    private async Task<PageResponse> SignInThroughNereidAsync(Person person)
    {
        var userName = person.Email.Split('@')[0];
        using var browser = await LoopbackBrowser.SignInAsync(world.ServerAddress.ToString(), userName, userName + "-password");
        var url = new Uri(world.Hub.BaseAddress, "hub/oauth_login");
        for (var hop = 0; hop < 10; hop++)
        {
            var response = await browser.GetAsync(url.ToString());
            if (url.AbsolutePath.EndsWith("/hub/oauth_callback", StringComparison.Ordinal))
                return response;
            response.Status.ShouldBeOneOf([HttpStatusCode.Found, HttpStatusCode.Redirect, HttpStatusCode.SeeOther], $"{url}: {response.Text}\n{world.Hub.Log}");
            url = new Uri(url, response.Location.ShouldNotBeNull());
        }
        throw new InvalidOperationException("the sign-in never reached the hub's callback");
    }

    private async Task<JsonNode?> HubUserAsync(string name)
    {
        using var api = world.Hub.ApiClient();
        using var response = await api.GetAsync($"users/{name}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }
}
